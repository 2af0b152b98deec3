package dev.zkmlc.cli;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Node;
import dev.zkmlc.ir.Output;
import dev.zkmlc.optimizer.pass.PassManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code zkmlc compile} tells the user: the model, what the passes did, the quantization, and
 * the circuit. Printed as text, or as JSON with {@code --json} (field names are the JSON keys).
 */
public record CompileReport(
        String model,
        String source,
        int optLevel,
        List<ValueInfo> inputs,
        List<ValueInfo> outputs,
        long parameters,
        String parameterVisibility,
        Map<String, Integer> opsByKind,
        List<PassManager.PassRecord> passes,
        Map<String, Object> quantization,
        Map<String, Object> circuit) {

    public record ValueInfo(String name, List<Integer> shape, String visibility) {}

    static CompileReport of(Graph graph, String source, int level, List<PassManager.PassRecord> passes,
            Map<String, Object> quantization, Map<String, Object> circuit) {
        List<ValueInfo> ins = new ArrayList<>();
        for (Input in : graph.inputs()) {
            ins.add(new ValueInfo(in.name(), boxed(in.type().shape().dims()), in.visibility().keyword()));
        }
        List<ValueInfo> outs = new ArrayList<>();
        for (Output out : graph.outputs()) {
            outs.add(new ValueInfo(out.name(), boxed(graph.typeOf(out.name()).shape().dims()), out.visibility().keyword()));
        }
        Map<String, Integer> ops = new TreeMap<>();
        for (Node n : graph.nodes()) {
            ops.merge(n.op().opName(), 1, Integer::sum);
        }
        return new CompileReport(graph.name(), source, level, ins, outs, graph.parameterCount(),
                graph.parameterVisibility().keyword(), ops, passes, quantization, circuit);
    }

    private static List<Integer> boxed(int[] dims) {
        List<Integer> l = new ArrayList<>();
        for (int d : dims) {
            l.add(d);
        }
        return l;
    }

    /** The human-readable form. */
    String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("model        ").append(model).append("  (").append(source).append(", -O").append(optLevel).append(")\n");
        for (ValueInfo in : inputs) {
            sb.append("input        ").append(in.name()).append(' ').append(in.shape()).append(' ').append(in.visibility()).append('\n');
        }
        for (ValueInfo out : outputs) {
            sb.append("output       ").append(out.name()).append(' ').append(out.shape()).append(' ').append(out.visibility()).append('\n');
        }
        sb.append("parameters   ").append(parameters).append(" (").append(parameterVisibility).append(")\n");
        int total = opsByKind.values().stream().mapToInt(Integer::intValue).sum();
        sb.append("ops          ").append(total).append(": ");
        List<String> parts = new ArrayList<>();
        opsByKind.forEach((k, v) -> parts.add(k + " " + v));
        sb.append(String.join(", ", parts)).append('\n');
        if (!passes.isEmpty()) {
            sb.append("passes       ");
            List<String> ps = new ArrayList<>();
            for (PassManager.PassRecord p : passes) {
                ps.add(p.name() + (p.nodesBefore() != p.nodesAfter() ? " (" + p.nodesBefore() + " -> " + p.nodesAfter() + " nodes)" : ""));
            }
            sb.append(String.join(", ", ps)).append('\n');
        }
        appendSection(sb, "quantization", quantization);
        appendSection(sb, "circuit", circuit);
        return sb.toString();
    }

    private static void appendSection(StringBuilder sb, String title, Map<String, Object> values) {
        if (values == null || values.isEmpty()) {
            return;
        }
        sb.append(title).append('\n');
        for (Map.Entry<String, Object> e : values.entrySet()) {
            sb.append("  ").append(String.format("%-22s", e.getKey())).append(' ').append(e.getValue()).append('\n');
        }
    }

    static Map<String, Object> section() {
        return new LinkedHashMap<>();
    }
}
