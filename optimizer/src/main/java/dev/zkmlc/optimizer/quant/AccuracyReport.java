package dev.zkmlc.optimizer.quant;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Output;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.fixed.FixedPointInterpreter;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.fixed.FixedTensor;
import dev.zkmlc.ir.interp.FloatInterpreter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quantization error measured by running both interpreters on the same inputs: the largest and
 * mean absolute difference between each float output and the dequantized fixed-point one, and how
 * often the two agree on the top-1 class (argmax over the last axis of every output whose last axis
 * has more than one element; NaN when no output has one).
 */
public record AccuracyReport(double maxAbsError, double meanAbsError, double top1Agreement, int samples,
        Map<String, OutputError> perOutput) {
    public record OutputError(double maxAbsError, double meanAbsError, long elements) {}

    public AccuracyReport {
        perOutput = Collections.unmodifiableMap(new LinkedHashMap<>(perOutput));
    }

    public static AccuracyReport measure(Graph g, FixedPointPlan plan, List<Map<String, Tensor>> samples) {
        Map<String, double[]> acc = new LinkedHashMap<>(); // name -> {max, sum, count}
        long agree = 0;
        long rows = 0;
        for (Map<String, Tensor> sample : samples) {
            Map<String, Tensor> f = FloatInterpreter.run(g, sample);
            Map<String, FixedTensor> q = FixedPointInterpreter.run(g, plan, sample);
            for (Output o : g.outputs()) {
                double[] want = f.get(o.name()).toArray();
                double[] got = q.get(o.name()).dequantize().toArray();
                double[] a = acc.computeIfAbsent(o.name(), k -> new double[3]);
                for (int i = 0; i < want.length; i++) {
                    double e = Math.abs(want[i] - got[i]);
                    a[0] = Math.max(a[0], e);
                    a[1] += e;
                    a[2]++;
                }
                int shapeRank = f.get(o.name()).shape().rank();
                int last = shapeRank == 0 ? 1 : f.get(o.name()).shape().dim(-1);
                if (last > 1) {
                    for (int r = 0; r < want.length / last; r++) {
                        rows++;
                        if (argmax(want, r * last, last) == argmax(got, r * last, last)) {
                            agree++;
                        }
                    }
                }
            }
        }
        Map<String, OutputError> per = new LinkedHashMap<>();
        double max = 0;
        double sum = 0;
        long count = 0;
        for (Map.Entry<String, double[]> e : acc.entrySet()) {
            double[] a = e.getValue();
            per.put(e.getKey(), new OutputError(a[0], a[2] == 0 ? 0 : a[1] / a[2], (long) a[2]));
            max = Math.max(max, a[0]);
            sum += a[1];
            count += (long) a[2];
        }
        return new AccuracyReport(max, count == 0 ? 0 : sum / count, rows == 0 ? Double.NaN : (double) agree / rows,
                samples.size(), per);
    }

    private static int argmax(double[] v, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[from + i] > v[from + best]) {
                best = i;
            }
        }
        return best;
    }
}
