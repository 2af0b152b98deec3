package dev.zkmlc.optimizer.pass;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Node;
import dev.zkmlc.ir.op.Op;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges nodes that apply the same op (attributes compared by value) to the same operands. A node
 * that defines a graph output keeps its name, so outputs never get renamed.
 */
public final class CommonSubexpressionElimination implements GraphPass {
    private record Key(Op op, List<String> operands) {}

    @Override
    public String name() {
        return "cse";
    }

    @Override
    public Graph run(Graph graph) {
        Rewriter rw = new Rewriter(graph);
        Map<Key, String> seen = new HashMap<>();
        boolean changed = false;
        for (Node node : graph.nodes()) {
            Key key = new Key(node.op(), node.inputs().stream().map(rw::resolve).toList());
            String earlier = seen.get(key);
            if (earlier != null && !rw.isGraphOutput(node.output())) {
                rw.replaceUses(node.output(), earlier);
                changed = true;
            } else {
                seen.putIfAbsent(key, node.output());
                rw.emit(node);
            }
        }
        return changed ? rw.build() : graph;
    }
}
