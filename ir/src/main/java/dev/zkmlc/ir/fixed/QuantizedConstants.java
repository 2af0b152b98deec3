package dev.zkmlc.ir.fixed;

import dev.zkmlc.ir.Tensor;

/**
 * The integer constants the fixed-point semantics derives from float parameters. The interpreter
 * and the circuit lowering both take them from here, so that a circuit bakes in exactly the
 * numbers the specification uses.
 */
public final class QuantizedConstants {
    private QuantizedConstants() {}

    /** factor * t, quantized elementwise at scale s (Gemm folds alpha into B and beta into C so). */
    public static long[] scaled(Tensor t, double factor, int s) {
        long[] q = new long[t.size()];
        for (int i = 0; i < q.length; i++) {
            q[i] = FixedPointMath.quantize(factor * t.get(i), s);
        }
        return q;
    }

    /** 1 / c quantized elementwise at scale s: the multiplier that division by a constant c uses. */
    public static long[] reciprocal(Tensor c, int s) {
        long[] q = new long[c.size()];
        for (int i = 0; i < q.length; i++) {
            if (c.get(i) == 0) {
                throw new FixedPointException("division by a constant that holds 0");
            }
            q[i] = FixedPointMath.quantize(1.0 / c.get(i), s);
        }
        return q;
    }

    /**
     * Inference batch norm as a per-channel affine map y = a x + b: a = scale / sqrt(var + eps),
     * b = bias - mean * a, computed in double (StrictMath), then a quantized at {@code sa} and b at
     * {@code sb}.
     */
    public record Affine(long[] a, long[] b) {}

    public static Affine batchNorm(double epsilon, Tensor scale, Tensor bias, Tensor mean, Tensor var, int sa, int sb) {
        int c = scale.size();
        long[] a = new long[c];
        long[] b = new long[c];
        for (int i = 0; i < c; i++) {
            double ai = scale.get(i) / StrictMath.sqrt(var.get(i) + epsilon);
            a[i] = FixedPointMath.quantize(ai, sa);
            b[i] = FixedPointMath.quantize(bias.get(i) - mean.get(i) * ai, sb);
        }
        return new Affine(a, b);
    }

    /**
     * A clip bound at scale s, or null for no bound: an infinite bound, or one beyond 2^52 at that
     * scale (which no activation can reach), is no bound.
     */
    public static Long clipBound(double bound, int s) {
        if (Double.isInfinite(bound) || !(StrictMath.abs(StrictMath.scalb(bound, s)) < FixedPointMath.QUANTIZE_LIMIT)) {
            return null;
        }
        return FixedPointMath.quantize(bound, s);
    }
}
