package dev.zkmlc.optimizer.quant;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Node;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.interp.FloatInterpreter;
import dev.zkmlc.ir.interp.Kernels;
import dev.zkmlc.ir.op.LayerNorm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranges measured by running the float interpreter on sample inputs: the [min, max] of every value,
 * and for each layer-norm node the [min, max] of its row variance plus epsilon (its rsqrt table's
 * input). Ranges can be widened when the fixed-point run on a sample leaves them.
 */
final class Calibration {
    private final Map<String, double[]> ranges = new HashMap<>();

    static Calibration measure(Graph g, List<Map<String, Tensor>> samples) {
        Calibration c = new Calibration();
        for (Map<String, Tensor> sample : samples) {
            Map<String, Tensor> all = FloatInterpreter.runAll(g, sample);
            for (Map.Entry<String, Tensor> e : all.entrySet()) {
                if (!g.initializers().containsKey(e.getKey())) {
                    for (double v : e.getValue().toArray()) {
                        c.include(e.getKey(), v);
                    }
                }
            }
            for (Node n : g.nodes()) {
                if (n.op() instanceof LayerNorm ln) {
                    Tensor x = all.get(n.inputs().get(0));
                    for (double v : rowVariances(x, ln)) {
                        c.include(varianceKey(n.name()), v + ln.epsilon());
                    }
                }
            }
        }
        return c;
    }

    static String varianceKey(String node) {
        return node + "#variance";
    }

    void include(String key, double v) {
        if (!Double.isFinite(v)) {
            return;
        }
        double[] r = ranges.computeIfAbsent(key, k -> new double[] {v, v});
        r[0] = Math.min(r[0], v);
        r[1] = Math.max(r[1], v);
    }

    /** The observed [min, max] of a value (or a layer norm's variance key), or null if never seen. */
    double[] range(String key) {
        double[] r = ranges.get(key);
        return r == null ? null : r.clone();
    }

    private static double[] rowVariances(Tensor x, LayerNorm ln) {
        Shape norm = Kernels.normalisedShape(x.shape(), ln.axis());
        int n = norm.size();
        int rows = x.size() / Math.max(n, 1);
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x.get(r * n + i);
            }
            mean /= n;
            double var = 0;
            for (int i = 0; i < n; i++) {
                double d = x.get(r * n + i) - mean;
                var += d * d;
            }
            out[r] = var / n;
        }
        return out;
    }
}
