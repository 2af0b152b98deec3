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
        appendEntries(sb, "  ", values);
    }

    /** A nested section (the circuit's visibility) is indented under its key, not printed as a Java map. */
    private static void appendEntries(StringBuilder sb, String indent, Map<?, ?> values) {
        for (Map.Entry<?, ?> e : values.entrySet()) {
            sb.append(indent);
            if (e.getValue() instanceof Map<?, ?> nested && nested.values().stream().anyMatch(v -> v instanceof Map || v instanceof List)) {
                sb.append(e.getKey()).append('\n');
                appendEntries(sb, indent + "  ", nested);
            } else {
                sb.append(String.format("%-" + (24 - indent.length()) + "s", e.getKey())).append(' ').append(text(e.getValue())).append('\n');
            }
        }
    }

    /** {name=x, visibility=private, elements=64} reads "x: visibility private, elements 64"; lists of them join with "; ". */
    private static String text(Object value) {
        if (value instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            m.forEach((k, v) -> {
                if (!"name".equals(k)) {
                    parts.add(k + " " + text(v));
                }
            });
            return (m.containsKey("name") ? m.get("name") + ": " : "") + String.join(", ", parts);
        }
        if (value instanceof List<?> l && l.stream().anyMatch(v -> v instanceof Map)) {
            List<String> parts = new ArrayList<>();
            l.forEach(v -> parts.add(text(v)));
            return String.join("; ", parts);
        }
        return String.valueOf(value);
    }

    static Map<String, Object> section() {
        return new LinkedHashMap<>();
    }
}
