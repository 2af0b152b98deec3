package dev.zkmlc.optimizer.pass;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Node;
import dev.zkmlc.ir.op.Expand;
import dev.zkmlc.ir.op.Flatten;
import dev.zkmlc.ir.op.Reshape;
import dev.zkmlc.ir.op.Slice;
import dev.zkmlc.ir.op.Squeeze;
import dev.zkmlc.ir.op.Transpose;
import dev.zkmlc.ir.op.Unsqueeze;

/**
 * Removes data-movement nodes that leave their operand unchanged: a reshape, flatten or expand to
 * the same shape, an identity transpose, a slice that takes everything, an empty squeeze. Nodes
 * defining a graph output stay, so outputs keep their names.
 */
public final class NoOpElimination implements GraphPass {
    @Override
    public String name() {
        return "remove-no-ops";
    }

    @Override
    public Graph run(Graph graph) {
        Rewriter rw = new Rewriter(graph);
        boolean changed = false;
        for (Node node : graph.nodes()) {
            if (isNoOp(graph, node) && !rw.isGraphOutput(node.output())) {
                rw.replaceUses(node.output(), node.inputs().get(0));
                changed = true;
            } else {
                rw.emit(node);
            }
        }
        return changed ? rw.build() : graph;
    }

    private static boolean isNoOp(Graph g, Node node) {
        boolean sameShape = g.typeOf(node.inputs().get(0)).shape().equals(g.typeOf(node.output()).shape());
        if (node.op() instanceof Reshape || node.op() instanceof Flatten || node.op() instanceof Expand
                || node.op() instanceof Squeeze || node.op() instanceof Unsqueeze) {
            return sameShape;
        }
        if (node.op() instanceof Transpose t) {
            for (int i = 0; i < t.perm().size(); i++) {
                if (t.perm().get(i) != i) {
                    return false;
                }
            }
            return true;
        }
        if (node.op() instanceof Slice s) {
            return sameShape && s.steps().stream().allMatch(step -> step == 1);
        }
        return false;
    }
}
