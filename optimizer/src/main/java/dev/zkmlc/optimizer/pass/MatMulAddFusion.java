package dev.zkmlc.optimizer.pass;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Node;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.op.Add;
import dev.zkmlc.ir.op.Gemm;
import dev.zkmlc.ir.op.MatMul;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuses {@code matmul(x, W)} followed by {@code add(_, b)} with a constant W and a constant bias
 * that broadcasts along rows into one gemm, which lowers to a dot product with bias (one gadget
 * instead of two, and no separately range-checked intermediate).
 */
public final class MatMulAddFusion implements GraphPass {
    @Override
    public String name() {
        return "fuse-matmul-bias";
    }

    @Override
    public Graph run(Graph graph) {
        UseCounts uses = new UseCounts(graph);
        Rewriter rw = new Rewriter(graph);
        Map<String, Node> fusable = new HashMap<>();
        for (Node n : graph.nodes()) {
            if (n.op() instanceof MatMul && graph.typeOf(n.inputs().get(0)).shape().rank() == 2
                    && graph.typeOf(n.inputs().get(1)).shape().rank() == 2 && rw.isConstant(n.inputs().get(1))
                    && uses.usedOnce(n.output()) && !rw.isGraphOutput(n.output())) {
                fusable.put(n.output(), n);
            }
        }
        Map<String, Node> replacements = new HashMap<>();
        for (Node n : graph.nodes()) {
            if (!(n.op() instanceof Add) || n.inputs().size() != 2) {
                continue;
            }
            for (int side = 0; side < 2; side++) {
                Node mm = fusable.get(n.inputs().get(side));
                String bias = n.inputs().get(1 - side);
                if (mm != null && rw.isConstant(bias) && rowBias(graph, bias, graph.typeOf(mm.output()).shape())) {
                    replacements.put(n.output(), new Node(mm.name(), Gemm.plain(),
                            List.of(mm.inputs().get(0), mm.inputs().get(1), bias), n.output(), mm.location()));
                    fusable.remove(mm.output());
                    replacements.put(mm.output(), null);
                    break;
                }
            }
        }
        if (replacements.isEmpty()) {
            return graph;
        }
        for (Node n : graph.nodes()) {
            if (replacements.containsKey(n.output())) {
                Node r = replacements.get(n.output());
                if (r != null) {
                    rw.emit(r);
                }
            } else {
                rw.emit(n);
            }
        }
        return rw.build();
    }

    private static boolean rowBias(Graph g, String bias, Shape product) {
        Shape b = g.typeOf(bias).shape();
        int n = product.dim(1);
        return b.equals(Shape.of(n)) || b.equals(Shape.of(1, n));
    }
}
