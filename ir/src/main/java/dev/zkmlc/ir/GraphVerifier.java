package dev.zkmlc.ir;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The well-formedness rules of the graph IR: every name defined once; every operand defined before
 * use (which also rules out cycles); operand counts and types that the op accepts; outputs that
 * exist; initializers finite. Collects all problems rather than stopping at the first.
 */
public final class GraphVerifier {
    private GraphVerifier() {}

    public record Result(Map<String, TensorType> types, List<String> problems) {}

    public static Result check(List<Input> inputs, Map<String, Tensor> initializers, List<Node> nodes,
            List<Output> outputs) {
        Map<String, TensorType> types = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Input in : inputs) {
            define(types, problems, in.name(), in.type(), "input");
        }
        for (Map.Entry<String, Tensor> e : initializers.entrySet()) {
            define(types, problems, e.getKey(), new TensorType(DType.FLOAT, e.getValue().shape()), "initializer");
            double[] data = e.getValue().toArray();
            for (double v : data) {
                if (!Double.isFinite(v)) {
                    problems.add("initializer '" + e.getKey() + "' holds a non-finite value " + v);
                    break;
                }
            }
        }
        Set<String> nodeNames = new HashSet<>();
        for (Node node : nodes) {
            String where = "node '" + node.name() + "' (" + node.op().opName() + ", " + node.location() + ")";
            if (!nodeNames.add(node.name())) {
                problems.add(where + ": node name used twice");
            }
            List<TensorType> operandTypes = new ArrayList<>();
            boolean operandsOk = true;
            for (String operand : node.inputs()) {
                TensorType t = types.get(operand);
                if (t == null && types.containsKey(operand)) {
                    operandsOk = false;
                } else if (t == null) {
                    problems.add(where + ": operand '" + operand + "' is not defined before use");
                    operandsOk = false;
                } else {
                    operandTypes.add(t);
                }
            }
            int[] arity = node.op().arity();
            if (node.inputs().size() < arity[0] || node.inputs().size() > arity[1]) {
                problems.add(where + ": takes " + (arity[0] == arity[1] ? String.valueOf(arity[0])
                        : arity[0] + " to " + (arity[1] == Integer.MAX_VALUE ? "any number of" : String.valueOf(arity[1])))
                        + " operands, got " + node.inputs().size());
                operandsOk = false;
            }
            TensorType result = null;
            if (operandsOk) {
                try {
                    result = node.op().inferType(operandTypes);
                } catch (IrException | IllegalArgumentException | IndexOutOfBoundsException e) {
                    problems.add(where + ": " + e.getMessage());
                }
            }
            if (result != null) {
                define(types, problems, node.output(), result, where + " output");
            } else if (!types.containsKey(node.output())) {
                // Keep checking later nodes against a placeholder so one error does not cascade.
                types.put(node.output(), null);
            }
        }
        Set<String> failed = new HashSet<>();
        types.forEach((name, type) -> {
            if (type == null) {
                failed.add(name);
            }
        });
        types.keySet().removeAll(failed);
        if (outputs.isEmpty()) {
            problems.add("graph has no outputs");
        }
        for (Output out : outputs) {
            if (!types.containsKey(out.name()) && !failed.contains(out.name())) {
                problems.add("output '" + out.name() + "' is not a defined value");
            }
        }
        return new Result(types, problems);
    }

    private static void define(Map<String, TensorType> types, List<String> problems, String name, TensorType type,
            String what) {
        if (types.containsKey(name)) {
            problems.add(what + ": value '" + name + "' is defined more than once");
        } else {
            types.put(name, type);
        }
    }
}
