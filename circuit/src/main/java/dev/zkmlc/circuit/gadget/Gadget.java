package dev.zkmlc.circuit.gadget;

import java.util.List;

/**
 * One operation of the gadget IR, over whole tensors: element i of every operand array belongs to
 * the i-th instance of the gadget. Operands are wire ids of the enclosing {@link GadgetProgram}.
 * Each gadget states its exact integer meaning in {@link #evaluate}, which the witness generator
 * runs; the meaning follows docs/semantics.md (FIXEDPOINT.md) rule for rule.
 */
public sealed interface Gadget permits Gadget.Dot, Gadget.DotRescale, Gadget.MatMul, Gadget.Linear, Gadget.Mul, Gadget.Sum, Gadget.DivRound,
        Gadget.DivVar, Gadget.RangeCheck, Gadget.Lookup, Gadget.Max, Gadget.Compare {

    /** Where the gadget came from: the graph node and its source location. */
    String origin();

    /** A short name of the gadget kind, as printed and as regions are named. */
    String kind();

    /** Every wire read. */
    int[] inputs();

    /** Every wire defined (empty for a pure check). */
    int[] outputs();

    /** Computes the outputs from the inputs in {@code v}; throws {@link RangeViolation} on a value the circuit rejects. */
    void evaluate(long[] v, List<LookupTable> tables);

    /** out[i] = bias[i] + sum_j xs[i][j] * ws[i][j], exactly. */
    record Dot(String origin, int[][] xs, int[][] ws, int[] bias, int[] out) implements Gadget {
        public Dot {
            requireSame(origin, out.length, xs.length, ws.length, bias.length);
            for (int i = 0; i < xs.length; i++) {
                if (xs[i].length != ws[i].length) {
                    throw new GadgetException(origin + ": dot product " + i + " has " + xs[i].length
                            + " inputs but " + ws[i].length + " weights");
                }
            }
        }

        @Override
        public String kind() {
            return "dot";
        }

        @Override
        public int[] inputs() {
            return concat(concat(xs), concat(ws), bias);
        }

        @Override
        public int[] outputs() {
            return out;
        }

        @Override
        public void evaluate(long[] v, List<LookupTable> tables) {
            for (int i = 0; i < out.length; i++) {
                long acc = v[bias[i]];
                for (int j = 0; j < xs[i].length; j++) {
                    acc = exactAdd(origin, acc, exactMul(origin, v[xs[i][j]], v[ws[i][j]]));
                }
                v[out[i]] = acc;
            }
        }
    }

    /**
     * A dense layer's outputs in one gadget: acc[i] = bias[i] + sum_j xs[i][j] * ws[i][j], q[i] = divRound(acc[i],
     * 2^shift) (the rounding rule of docs/semantics.md), and out[i] = q[i], or max(q[i], 0) when {@code relu}. Means
     * exactly what {@link Dot}, then {@link DivRound} by 2^shift to {@code outRange}, then {@link Max} with 0 mean; a
     * backend with a gate for it proves the three on the dot product's last row, without the accumulator's and the
     * quotient's copies. q must lie in {@code outRange}; with {@code relu} that range must be [-2^m, 2^m - 1] for some
     * m >= 0, since the circuit proves q's range through its sign split (q = t for q >= 0, q = -t - 1 below, t in
     * [0, 2^m)) and q has no cell of its own.
     */
    record DotRescale(String origin, int[][] xs, int[][] ws, int[] bias, int shift, Interval outRange, boolean relu,
            int[] out) implements Gadget {
        public DotRescale {
            requireSame(origin, out.length, xs.length, ws.length, bias.length);
            for (int i = 0; i < xs.length; i++) {
                if (xs[i].length != ws[i].length) {
                    throw new GadgetException(origin + ": dot product " + i + " has " + xs[i].length
                            + " inputs but " + ws[i].length + " weights");
                }
            }
            if (shift < 1 || shift > 40) {
                throw new GadgetException(origin + ": rescale by 2^" + shift + " must have 1 <= shift <= 40");
            }
            if (relu && signBits(outRange) < 0) {
                throw new GadgetException(origin + ": a fused relu needs a quotient range [-2^m, 2^m - 1], not "
                        + outRange);
            }
        }

        /** m for a range [-2^m, 2^m - 1], else -1. */
        public static int signBits(Interval r) {
            long h = r.hi() + 1;
            if (h < 1 || Long.bitCount(h) != 1 || r.lo() != -h) {
                return -1;
            }
            return Long.numberOfTrailingZeros(h);
        }

        /** The divisor 2^shift. */
        public long divisor() {
            return 1L << shift;
        }

        @Override
        public String kind() {
            return relu ? "dot_rescale_relu" : "dot_rescale";
        }

        @Override
        public int[] inputs() {
            return concat(concat(xs), concat(ws), bias);
        }

        @Override
        public int[] outputs() {
            return out;
        }

        @Override
        public void evaluate(long[] v, List<LookupTable> tables) {
            long c = divisor();
            for (int i = 0; i < out.length; i++) {
                long acc = v[bias[i]];
                for (int j = 0; j < xs[i].length; j++) {
                    acc = exactAdd(origin, acc, exactMul(origin, v[xs[i][j]], v[ws[i][j]]));
                }
                long q = divRound(origin, acc, c);
                if (!outRange.contains(q)) {
                    throw new RangeViolation(origin, "quotient", q, outRange.lo(), outRange.hi());
                }
                v[out[i]] = relu ? Math.max(q, 0) : q;
            }
        }
    }

    /**
     * C = A·B for row-major A (m×n), B (n×p) and C (m×p), exactly; every entry of all three is a wire. Laid out as
     * a Freivalds check rather than m·p dot products: with challenges r and s drawn after A, B and C are
     * committed, Σ_k (Σ_i s^i A[i][k])·(Σ_j r^j B[k][j]) = Σ_i s^i Σ_j r^j C[i][j], which a wrong C passes with
     * probability at most (m + p)/|F| (Schwartz–Zippel). O(mn + np + mp) cells instead of mnp products. Sound only
     * because no value wraps around the field: A and B are range-bound wires, and every consumer of C
     * range-checks it as it would a dot product's result (C's interval is the same). When B is made of constants
     * the verifying key fixes, a backend may keep B in fixed columns and check each row of C alone, Σ_j r^j
     * (Σ_k A[i][k] B[k][j] - C[i][j]) = 0, which a wrong row passes with probability at most (p - 1)/|F|
     * (the halo2-style backend's {@code Layouter.placeFixedMatMul}).
     */
    record MatMul(String origin, int m, int n, int p, int[] a, int[] b, int[] out) implements Gadget {
        public MatMul {
            if (m < 1 || n < 1 || p < 1 || a.length != (long) m * n || b.length != (long) n * p
                    || out.length != (long) m * p) {
                throw new GadgetException(origin + ": matmul " + m + "x" + n + " by " + n + "x" + p + " with "
                        + a.length + ", " + b.length + " and " + out.length + " wires");
            }
        }

        @Override
        public String kind() {
            return "freivalds";
        }

        @Override
        public int[] inputs() {
            return concat(a, b);
        }

        @Override
        public int[] outputs() {
            return out;
        }

        @Override
        public void evaluate(long[] v, List<LookupTable> tables) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < p; j++) {
                    long acc = 0;
                    for (int k = 0; k < n; k++) {
                        acc = exactAdd(origin, acc, exactMul(origin, v[a[i * n + k]], v[b[k * p + j]]));
                    }
                    v[out[i * p + j]] = acc;
                }
            }
        }
    }

    /** out[i] = ca * a[i] + cb * b[i] + k; {@code b} may be null (one operand). */
    record Linear(String origin, int[] a, int[] b, long ca, long cb, long k, int[] out) implements Gadget {
        public Linear {
            requireSame(origin, out.length, a.length, b == null ? a.length : b.length);
        }

        @Override
        public String kind() {
            return "linear";
        }

        @Override
        public int[] inputs() {
            return b == null ? a : concat(a, b);
        }

        @Override
        public int[] outputs() {
            return out;
        }

        @Override
        public void evaluate(long[] v, List<LookupTable> tables) {
            for (int i = 0; i < out.length; i++) {
                long r = exactAdd(origin, exactMul(origin, ca, v[a[i]]), k);
                if (b != null) {
                    r = exactAdd(origin, r, exactMul(origin, cb, v[b[i]]));
                }
                v[out[i]] = r;
            }
        }
    }

    /** out[i] = a[i] * b[i], exactly (a rescale follows where the scales ask for one). */
    record Mul(String origin, int[] a, int[] b, int[] out) implements Gadget {
        public Mul {
            requireSame(origin, out.length, a.length, b.length);
        }

        @Override
        public String kind() {
            return "mul";
        }

        @Override
        public int[] inputs() {
            return concat(a, b);
        }

        @Override
        public int[] outputs() {
            return out;
        }

        @Override
        public void evaluate(long[] v, List<LookupTable> tables) {
            for (int i = 0; i < out.length; i++) {
                v[out[i]] = exactMul(origin, v[a[i]], v[b[i]]);
            }
        }
    }

    /** out[i] = sum_j terms[i][j], exactly. */
    record Sum(String origin, int[][] terms, int[] out) implements Gadget {
        public Sum {
            requireSame(origin, out.length, terms.length);
        }

        @Override
        public String kind() {
            return "sum";
        }

        @Override
        public int[] inputs() {
            return concat(terms);
        }

        @Override
        public int[] outputs() {
            return out;
        }

        @Override
        public void evaluate(long[] v, List<LookupTable> tables) {
            for (int i = 0; i < out.length; i++) {
                long acc = 0;
                for (int t : terms[i]) {
                    acc = exactAdd(origin, acc, v[t]);
                }
                v[out[i]] = acc;
            }
        }
    }

    /**
     * out[i] = divRound(in[i], divisor) = floor((2 in + c) / 2c), round half up; rescale by 2^d is
     * the divisor 2^d. Proved by 2 in + c = 2c * out + r with 0 <= r < 2c, and out range-checked
     * to {@code outRange}, which makes the quotient unique.
     */
    record DivRound(String origin, int[] in, long divisor, Interval outRange, int[] out) implements Gadget {
        public DivRound {
            requireSame(origin, out.length, in.length);
            if (divisor <= 0 || divisor > (1L << 40)) {
                throw new GadgetException(origin + ": divisor " + divisor + " must be in [1, 2^40]");
            }
        }

        @Override
        public String kind() {
            return "div_round";
        }

        @Override
        public int[] inputs() {
            return in;
        }

        @Override
        public int[] outputs() {
            return out;
        }

        @Override
        public void evaluate(long[] v, List<LookupTable> tables) {
            for (int i = 0; i < out.length; i++) {
                long q = divRound(origin, v[in[i]], divisor);
                if (!outRange.contains(q)) {
                    throw new RangeViolation(origin, "quotient", q, outRange.lo(), outRange.hi());
                }
                v[out[i]] = q;
            }
        }
    }

    /**
     * out[i] = divRound(num[i], den[i]) for a divisor known only at proving time, which must be at
     * least 1. Proved like {@link DivRound}, with 0 <= r and r <= 2 den - 1 both range-checked.
     */
    record DivVar(String origin, int[] num, int[] den, Interval outRange, int[] out) implements Gadget {
        public DivVar {
            requireSame(origin, out.length, num.length, den.length);
        }

        @Override
        public String kind() {
            return "div_var";
        }

        @Override
        public int[] inputs() {
            return concat(num, den);
        }

        @Override
        public int[] outputs() {
            return out;
        }

        @Override
        public void evaluate(long[] v, List<LookupTable> tables) {
            for (int i = 0; i < out.length; i++) {
                long d = v[den[i]];
                if (d < 1) {
                    throw new RangeViolation(origin, "divisor", d, 1, Long.MAX_VALUE);
                }
                long q = divRound(origin, v[num[i]], d);
                if (!outRange.contains(q)) {
                    throw new RangeViolation(origin, "quotient", q, outRange.lo(), outRange.hi());
                }
                v[out[i]] = q;
            }
        }
    }

    /** Every wire lies in {@code range}. */
    record RangeCheck(String origin, int[] wires, Interval range) implements Gadget {
        @Override
        public String kind() {
            return "range";
        }

        @Override
        public int[] inputs() {
            return wires;
        }

        @Override
        public int[] outputs() {
            return new int[0];
        }

        @Override
        public void evaluate(long[] v, List<LookupTable> tables) {
            for (int w : wires) {
                if (!range.contains(v[w])) {
                    throw new RangeViolation(origin, "value", v[w], range.lo(), range.hi());
                }
            }
        }
    }

    /** out[i] = f(in[i]) for the table f; in[i] must lie in the table's domain. */
    record Lookup(String origin, int table, int[] in, int[] out) implements Gadget {
        public Lookup {
            requireSame(origin, out.length, in.length);
        }

        @Override
        public String kind() {
            return "lookup";
        }

        @Override
        public int[] inputs() {
            return in;
        }

        @Override
        public int[] outputs() {
            return out;
        }

        @Override
        public void evaluate(long[] v, List<LookupTable> tables) {
            LookupTable t = tables.get(table);
            for (int i = 0; i < out.length; i++) {
                long x = v[in[i]];
                if (x < t.lo() || x > t.hi()) {
                    throw new RangeViolation(origin, t.name() + " input", x, t.lo(), t.hi());
                }
                v[out[i]] = t.apply(x);
            }
        }
    }

    /**
     * out[i] = max(a[i], b[i]) (or min), proved by a boolean c = [a >= b] whose claim is checked
     * by a range check on (2c - 1)(a - b) - (1 - c) >= 0, sized from the operands' intervals.
     */
    record Max(String origin, int[] a, int[] b, boolean min, int[] out) implements Gadget {
        public Max {
            requireSame(origin, out.length, a.length, b.length);
        }

        @Override
        public String kind() {
            return min ? "min" : "max";
        }

        @Override
        public int[] inputs() {
            return concat(a, b);
        }

        @Override
        public int[] outputs() {
            return out;
        }

        @Override
        public void evaluate(long[] v, List<LookupTable> tables) {
            for (int i = 0; i < out.length; i++) {
                long x = v[a[i]];
                long y = v[b[i]];
                v[out[i]] = min ? Math.min(x, y) : Math.max(x, y);
            }
        }
    }

    /**
     * out[i] = 1 if a[i] >= b[i], else 0: a boolean c whose claim is checked by a range check on
     * (2c - 1)(a - b) - (1 - c) >= 0, as in {@link Max}.
     */
    record Compare(String origin, int[] a, int[] b, int[] out) implements Gadget {
        public Compare {
            requireSame(origin, out.length, a.length, b.length);
        }

        @Override
        public String kind() {
            return "compare";
        }

        @Override
        public int[] inputs() {
            return concat(a, b);
        }

        @Override
        public int[] outputs() {
            return out;
        }

        @Override
        public void evaluate(long[] v, List<LookupTable> tables) {
            for (int i = 0; i < out.length; i++) {
                v[out[i]] = v[a[i]] >= v[b[i]] ? 1 : 0;
            }
        }
    }

    /** floor((2v + c) / 2c): the one rounding rule of the fixed-point semantics. */
    static long divRound(String origin, long v, long c) {
        long twoC = exactMul(origin, 2, c);
        return Math.floorDiv(exactAdd(origin, exactMul(origin, 2, v), c), twoC);
    }

    static long exactAdd(String origin, long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new GadgetException(origin + ": integer overflow in " + a + " + " + b);
        }
    }

    static long exactMul(String origin, long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new GadgetException(origin + ": integer overflow in " + a + " * " + b);
        }
    }

    private static void requireSame(String origin, int n, int... lengths) {
        for (int l : lengths) {
            if (l != n) {
                throw new GadgetException(origin + ": operand lengths differ (" + n + " vs " + l + ")");
            }
        }
    }

    private static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] r = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, r, at, p.length);
            at += p.length;
        }
        return r;
    }
}
