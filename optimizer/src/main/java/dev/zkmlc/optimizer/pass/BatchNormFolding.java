package dev.zkmlc.optimizer.pass;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Node;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.op.BatchNorm;
import dev.zkmlc.ir.op.Conv;
import dev.zkmlc.ir.op.Gemm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds an inference batch norm into the conv or gemm that feeds it: with a = scale / sqrt(var +
 * eps), output channel c of the weights is multiplied by a[c] and the bias becomes
 * (bias - mean) * a + beta. The folded node takes the batch norm's output name.
 */
public final class BatchNormFolding implements GraphPass {
    @Override
    public String name() {
        return "fold-batch-norm";
    }

    @Override
    public Graph run(Graph graph) {
        UseCounts uses = new UseCounts(graph);
        Map<String, Node> producers = new HashMap<>();
        for (Node n : graph.nodes()) {
            producers.put(n.output(), n);
        }
        Map<String, Node> folded = new HashMap<>();
        Rewriter rw = new Rewriter(graph);
        for (Node n : graph.nodes()) {
            if (n.op() instanceof BatchNorm bn && n.inputs().subList(1, 5).stream().allMatch(rw::isConstant)) {
                Node producer = producers.get(n.inputs().get(0));
                if (producer != null && uses.usedOnce(producer.output()) && !rw.isGraphOutput(producer.output())) {
                    Node replacement = fold(producer, n, bn, rw);
                    if (replacement != null) {
                        folded.put(producer.output(), replacement);
                    }
                }
            }
        }
        if (folded.isEmpty()) {
            return graph;
        }
        java.util.Set<String> foldedBatchNorms = new java.util.HashSet<>();
        folded.values().forEach(r -> foldedBatchNorms.add(r.output()));
        for (Node n : graph.nodes()) {
            if (folded.containsKey(n.output())) {
                continue;
            }
            if (foldedBatchNorms.contains(n.output())) {
                Node producer = folded.get(n.inputs().get(0));
                rw.emit(producer);
            } else {
                rw.emit(n);
            }
        }
        return rw.build();
    }

    /** The producer rewritten to compute the batch norm's output, or null when it cannot fold. */
    private static Node fold(Node producer, Node bnNode, BatchNorm bn, Rewriter rw) {
        int channels = rw.source().typeOf(bnNode.output()).shape().dim(1);
        double[] scale = rw.constant(bnNode.inputs().get(1)).toArray();
        double[] beta = rw.constant(bnNode.inputs().get(2)).toArray();
        double[] mean = rw.constant(bnNode.inputs().get(3)).toArray();
        double[] var = rw.constant(bnNode.inputs().get(4)).toArray();
        double[] a = new double[channels];
        for (int c = 0; c < channels; c++) {
            a[c] = scale[c] / Math.sqrt(var[c] + bn.epsilon());
        }
        if (producer.op() instanceof Conv && rw.isConstant(producer.inputs().get(1))
                && (producer.inputs().size() < 3 || rw.isConstant(producer.inputs().get(2)))) {
            Tensor w = rw.constant(producer.inputs().get(1));
            double[] wd = w.toArray();
            int per = wd.length / channels;
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < per; i++) {
                    wd[c * per + i] *= a[c];
                }
            }
            double[] bias = producer.inputs().size() == 3 ? rw.constant(producer.inputs().get(2)).toArray()
                    : new double[channels];
            double[] nb = new double[channels];
            for (int c = 0; c < channels; c++) {
                nb[c] = (bias[c] - mean[c]) * a[c] + beta[c];
            }
            String wName = rw.addConstant(producer.inputs().get(1) + "_bn", new Tensor(w.shape(), wd));
            String bName = rw.addConstant(bnNode.output() + "_bias", new Tensor(Shape.of(channels), nb));
            return new Node(producer.name(), producer.op(), List.of(producer.inputs().get(0), wName, bName),
                    bnNode.output(), producer.location());
        }
        if (producer.op() instanceof Gemm gemm && rw.isConstant(producer.inputs().get(1))
                && (producer.inputs().size() < 3 || rw.isConstant(producer.inputs().get(2)))) {
            Tensor w = rw.constant(producer.inputs().get(1));
            double[] wd = w.toArray();
            int rows = w.shape().dim(0);
            int cols = w.shape().dim(1);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    wd[r * cols + c] *= gemm.alpha() * a[gemm.transB() ? r : c];
                }
            }
            double[] bias = new double[channels];
            if (producer.inputs().size() == 3) {
                Tensor c = rw.constant(producer.inputs().get(2));
                if (c.size() == 1) {
                    java.util.Arrays.fill(bias, c.get(0));
                } else if (c.size() == channels) {
                    bias = c.toArray();
                } else {
                    return null;
                }
            }
            double[] nb = new double[channels];
            for (int c = 0; c < channels; c++) {
                nb[c] = (gemm.beta() * bias[c] - mean[c]) * a[c] + beta[c];
            }
            String wName = rw.addConstant(producer.inputs().get(1) + "_bn", new Tensor(w.shape(), wd));
            String bName = rw.addConstant(bnNode.output() + "_bias", new Tensor(Shape.of(channels), nb));
            return new Node(producer.name(), new Gemm(1.0, 1.0, gemm.transA(), gemm.transB()),
                    List.of(producer.inputs().get(0), wName, bName), bnNode.output(), producer.location());
        }
        return null;
    }
}
