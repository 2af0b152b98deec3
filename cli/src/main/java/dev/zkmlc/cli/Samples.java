package dev.zkmlc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zkmlc.frontend.input.TensorJson;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one or many input samples from a file. An EZKL-shaped file whose {@code input_data} lists
 * hold a whole multiple m of each input's size holds m samples, concatenated (EZKL's calibration
 * files look like this); anything else is one sample in any shape {@link TensorJson} reads.
 */
final class Samples {
    private Samples() {}

    static List<Map<String, Tensor>> read(Path file, Graph graph) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UserError(file + ": cannot read samples: " + e.getMessage());
        }
        JsonNode data = root == null ? null : root.get("input_data");
        List<Input> inputs = graph.inputs();
        if (data != null && data.isArray() && data.size() == inputs.size() && inputs.size() > 0) {
            int samples = -1;
            for (int i = 0; i < inputs.size(); i++) {
                int size = inputs.get(i).type().shape().size();
                JsonNode values = data.get(i);
                if (!values.isArray() || size == 0 || values.size() % size != 0) {
                    samples = -1;
                    break;
                }
                int m = values.size() / size;
                if (samples != -1 && m != samples) {
                    throw new UserError(file + ": input_data lists hold different numbers of samples (" + samples
                            + " and " + m + ")");
                }
                samples = m;
            }
            if (samples > 1) {
                return split(file, data, inputs, samples);
            }
        }
        return List.of(TensorJson.readInputs(file, graph));
    }

    private static List<Map<String, Tensor>> split(Path file, JsonNode data, List<Input> inputs, int samples) {
        List<Map<String, Tensor>> out = new ArrayList<>();
        for (int s = 0; s < samples; s++) {
            Map<String, Tensor> sample = new LinkedHashMap<>();
            for (int i = 0; i < inputs.size(); i++) {
                int size = inputs.get(i).type().shape().size();
                double[] v = new double[size];
                for (int j = 0; j < size; j++) {
                    JsonNode x = data.get(i).get(s * size + j);
                    if (!x.isNumber()) {
                        throw new UserError(file + ": input_data[" + i + "][" + (s * size + j) + "] is not a number");
                    }
                    v[j] = x.asDouble();
                }
                sample.put(inputs.get(i).name(), new Tensor(inputs.get(i).type().shape(), v));
            }
            out.add(sample);
        }
        return out;
    }
}
