package dev.zkmlc.ir;

import dev.zkmlc.ir.op.Op;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The text form of the graph IR, for {@code --dump-ir} and for tests to compare against:
 *
 * <pre>
 * graph mlp {
 *   input x: float[1, 4] private
 *   param w: float[4, 2]
 *   %h = matmul(x, w) : float[1, 2]            # mlp.zk:3:11
 *   output %h public
 * }
 * </pre>
 */
public final class GraphPrinter {
    private GraphPrinter() {}

    public static String print(Graph g) {
        StringBuilder sb = new StringBuilder();
        sb.append("graph ").append(g.name()).append(" {\n");
        for (Input in : g.inputs()) {
            sb.append("  input ").append(in.name()).append(": ").append(in.type()).append(' ')
                    .append(in.visibility().keyword()).append('\n');
        }
        for (Map.Entry<String, Tensor> e : g.initializers().entrySet()) {
            sb.append("  param ").append(e.getKey()).append(": float").append(e.getValue().shape())
                    .append(' ').append(g.parameterVisibility().keyword()).append('\n');
        }
        for (Node n : g.nodes()) {
            StringBuilder line = new StringBuilder("  %").append(n.output()).append(" = ").append(n.op().opName());
            String attrs = attributes(n.op());
            if (!attrs.isEmpty()) {
                line.append('{').append(attrs).append('}');
            }
            line.append('(').append(String.join(", ", n.inputs())).append(") : ").append(g.typeOf(n.output()));
            if (n.location() != null && !n.location().equals(SourceLocation.UNKNOWN)) {
                while (line.length() < 60) {
                    line.append(' ');
                }
                line.append("  # ").append(n.location());
            }
            sb.append(line).append('\n');
        }
        for (Output out : g.outputs()) {
            sb.append("  output %").append(out.name()).append(' ').append(out.visibility().keyword()).append('\n');
        }
        return sb.append("}\n").toString();
    }

    /** The op's record components as {@code name=value}, in declaration order. */
    static String attributes(Op op) {
        List<String> parts = new ArrayList<>();
        for (RecordComponent c : op.getClass().getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(op);
                String text = v instanceof Tensor t ? "tensor" + t.shape() : String.valueOf(v);
                parts.add(c.getName() + "=" + text);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(", ", parts);
    }
}
