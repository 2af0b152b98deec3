package dev.zkmlc.optimizer.pass;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.GraphBuilder;
import dev.zkmlc.ir.Node;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.Visibility;
import dev.zkmlc.ir.interp.FloatInterpreter;
import java.util.Map;

/**
 * Evaluates every node whose operands are all constants, at compile time, with the float
 * interpreter, and turns its result into an initializer under the same name.
 */
public final class ConstantFolding implements GraphPass {
    @Override
    public String name() {
        return "fold-constants";
    }

    @Override
    public Graph run(Graph graph) {
        Rewriter rw = new Rewriter(graph);
        boolean changed = false;
        for (Node node : graph.nodes()) {
            if (node.inputs().stream().allMatch(rw::isConstant)) {
                rw.defineConstant(node.output(), evaluate(node, rw));
                changed = true;
            } else {
                rw.emit(node);
            }
        }
        return changed ? rw.build() : graph;
    }

    private static Tensor evaluate(Node node, Rewriter rw) {
        GraphBuilder b = new GraphBuilder("fold");
        for (String in : node.inputs()) {
            String resolved = rw.resolve(in);
            if (!b.isDefined(resolved)) {
                b.initializer(resolved, rw.constant(resolved));
            }
        }
        java.util.List<String> operands = node.inputs().stream().map(rw::resolve).toList();
        String out = b.nodeNamed(node.op(), operands, node.output(), node.location());
        b.output(out, Visibility.PUBLIC);
        Map<String, Tensor> result = FloatInterpreter.run(b.build(), Map.of());
        return result.get(out);
    }
}
