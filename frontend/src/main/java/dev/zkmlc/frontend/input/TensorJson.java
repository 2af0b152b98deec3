package dev.zkmlc.frontend.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model inputs and outputs as JSON. Inputs come in EZKL's shape, one flattened (or nested) array
 * per graph input in order, {@code {"input_data": [[...], ...], "input_shapes": [...]}}, or in
 * zkmlc's own, {@code {"inputs": {"x": {"dims": [1, 3], "data": [...]}}}}. Outputs are written as
 * {@code {"outputs": {"y": {"dims": [...], "data": [...]}}}}, the shape expected.json files have.
 * Booleans read as 1 and 0.
 */
public final class TensorJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TensorJson() {}

    /** Reads the inputs for {@code graph} from a file, keyed by input name in graph order. */
    public static Map<String, Tensor> readInputs(Path file, Graph graph) {
        return readInputs(read(file), file.toString(), graph.inputs());
    }

    /** Reads inputs from JSON text; {@code source} names it in messages. */
    public static Map<String, Tensor> readInputs(String json, String source, List<Input> inputs) {
        return readInputs(parse(json, source), source, inputs);
    }

    private static Map<String, Tensor> readInputs(JsonNode root, String source, List<Input> inputs) {
        if (root.has("input_data")) {
            return fromEzkl(root, source, inputs);
        }
        if (root.has("inputs")) {
            Map<String, Tensor> named = readTensors(root.get("inputs"), source, "inputs");
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Input in : inputs) {
                Tensor t = named.get(in.name());
                if (t == null) {
                    throw new InputFormatException(source + ": no value for input '" + in.name() + "'");
                }
                if (!t.shape().equals(in.type().shape())) {
                    if (t.size() != in.type().shape().size()) {
                        throw new InputFormatException(source + ": input '" + in.name() + "' has shape " + t.shape()
                                + ", the model expects " + in.type().shape());
                    }
                    t = t.reshape(in.type().shape());
                }
                out.put(in.name(), t);
            }
            for (String name : named.keySet()) {
                if (inputs.stream().noneMatch(i -> i.name().equals(name))) {
                    throw new InputFormatException(source + ": the model has no input named '" + name + "'");
                }
            }
            return out;
        }
        throw new InputFormatException(source + ": expected an object with \"input_data\" (EZKL) or \"inputs\" (zkmlc)");
    }

    private static Map<String, Tensor> fromEzkl(JsonNode root, String source, List<Input> inputs) {
        JsonNode data = root.get("input_data");
        if (!data.isArray()) {
            throw new InputFormatException(source + ": \"input_data\" must be an array of arrays");
        }
        List<double[]> arrays = new ArrayList<>();
        boolean allScalars = data.size() > 0;
        for (JsonNode element : data) {
            allScalars &= !element.isArray();
        }
        if (allScalars) {
            arrays.add(flatten(data, source, "input_data"));
        } else {
            for (int i = 0; i < data.size(); i++) {
                arrays.add(flatten(data.get(i), source, "input_data[" + i + "]"));
            }
        }
        if (inputs.isEmpty() && arrays.stream().allMatch(a -> a.length == 0)) {
            return new LinkedHashMap<>();
        }
        if (arrays.size() != inputs.size()) {
            throw new InputFormatException(source + ": \"input_data\" holds " + arrays.size()
                    + " arrays, the model has " + inputs.size() + " inputs");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            Shape shape = in.type().shape();
            if (arrays.get(i).length != shape.size()) {
                throw new InputFormatException(source + ": input_data[" + i + "] holds " + arrays.get(i).length
                        + " values, input '" + in.name() + "' of shape " + shape + " needs " + shape.size());
            }
            out.put(in.name(), new Tensor(shape, arrays.get(i)));
        }
        return out;
    }

    /** Reads named tensors in the outputs shape ({@code {"outputs": {...}}}), such as expected.json. */
    public static Map<String, Tensor> readOutputs(Path file) {
        JsonNode root = read(file);
        if (!root.has("outputs")) {
            throw new InputFormatException(file + ": expected an object with \"outputs\"");
        }
        return readTensors(root.get("outputs"), file.toString(), "outputs");
    }

    /** The outputs as JSON text, names in the map's order. */
    public static String writeOutputs(Map<String, Tensor> outputs) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode all = root.putObject("outputs");
        for (Map.Entry<String, Tensor> e : outputs.entrySet()) {
            ObjectNode t = all.putObject(e.getKey());
            ArrayNode dims = t.putArray("dims");
            for (int d : e.getValue().shape().dims()) {
                dims.add(d);
            }
            ArrayNode data = t.putArray("data");
            for (double v : e.getValue().toArray()) {
                data.add(v);
            }
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Tensor> readTensors(JsonNode node, String source, String field) {
        if (!node.isObject()) {
            throw new InputFormatException(source + ": \"" + field + "\" must be an object of named tensors");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = field + "." + e.getKey();
            JsonNode t = e.getValue();
            if (!t.isObject() || !t.has("data")) {
                throw new InputFormatException(source + ": " + where + " must be {\"dims\": [...], \"data\": [...]}");
            }
            double[] data = flatten(t.get("data"), source, where + ".data");
            Shape shape;
            if (t.has("dims")) {
                double[] dims = flatten(t.get("dims"), source, where + ".dims");
                int[] d = new int[dims.length];
                for (int i = 0; i < d.length; i++) {
                    if (dims[i] < 0 || dims[i] != Math.rint(dims[i])) {
                        throw new InputFormatException(source + ": " + where + ".dims holds " + dims[i]);
                    }
                    d[i] = (int) dims[i];
                }
                shape = Shape.of(d);
            } else {
                shape = Shape.of(data.length);
            }
            if (shape.size() != data.length) {
                throw new InputFormatException(source + ": " + where + " has dims " + shape + " (" + shape.size()
                        + " values) but " + data.length + " values");
            }
            out.put(e.getKey(), new Tensor(shape, data));
        }
        return out;
    }

    /** The numbers of a possibly nested array, in row-major order. */
    private static double[] flatten(JsonNode node, String source, String where) {
        List<Double> out = new ArrayList<>();
        collect(node, out, source, where);
        double[] d = new double[out.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = out.get(i);
        }
        return d;
    }

    private static void collect(JsonNode node, List<Double> out, String source, String where) {
        if (node.isArray()) {
            for (JsonNode e : node) {
                collect(e, out, source, where);
            }
        } else if (node.isNumber()) {
            out.add(node.doubleValue());
        } else if (node.isBoolean()) {
            out.add(node.booleanValue() ? 1.0 : 0.0);
        } else {
            throw new InputFormatException(source + ": " + where + " holds " + node + ", which is not a number");
        }
    }

    private static JsonNode read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InputFormatException(file + ": no such file");
        } catch (IOException e) {
            throw new InputFormatException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    private static JsonNode parse(String text, String source) {
        try {
            JsonNode root = MAPPER.readTree(text);
            if (root == null || !root.isObject()) {
                throw new InputFormatException(source + ": expected a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            // A limit violation (e.g. nesting depth) carries no location.
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            // Jackson appends where an unclosed array or object began, in its own wording; the line and column say enough.
            String what = e.getOriginalMessage();
            int marker = what.indexOf(" (start marker at");
            throw new InputFormatException(source + ": not valid JSON" + where + ": "
                    + (marker > 0 ? what.substring(0, marker) : what));
        }
    }
}
