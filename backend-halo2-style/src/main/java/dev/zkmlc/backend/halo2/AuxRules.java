package dev.zkmlc.backend.halo2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How every auxiliary value of a halo2-style layout (a running sum, a remainder, a limb, a padding
 * constant, ...) is computed from the wires and earlier aux values, stored flat: a kind byte and three
 * ints per value, evaluated in one loop. A large model has tens of millions of them, where one object
 * (a lambda with its captures) per value cost several times the memory of the cells themselves.
 *
 * <p>Partial sums of a dot product or sum chained across rows refer to a term entry (the gadget
 * output's own wire arrays, shared, and the terms per row); range-check limbs refer to a decomposition
 * entry (the checked source, sign and base), one per checked value.
 */
final class AuxRules {
    /** The "no previous partial sum" source of a sum's first row. */
    static final int NONE = Integer.MIN_VALUE;

    private static final byte ZERO = 0;
    /** constants[a]. */
    private static final byte CONST = 1;
    /** The value of source a. */
    private static final byte COPY = 2;
    /** value(a) + sum over k in [c, min(len, c + span)) of xs[k]·ws[k], for term entry b. */
    private static final byte DOT_PART = 3;
    /** (a == NONE ? 0 : value(a)) + sum over k in [c, min(len, c + span)) of xs[k], for term entry b. */
    private static final byte SUM_PART = 4;
    /** 2v + c - 2c·q for wires v = a, q = b and divisor constants[c]. */
    private static final byte DIV_ROUND = 5;
    /** r = 2·num + den - 2·den·q for wires num = a, den = b, q = c. */
    private static final byte DIV_VAR_R = 6;
    /** s = 2·den - 1 - r, with r as {@link #DIV_VAR_R}. */
    private static final byte DIV_VAR_S = 7;
    /** 1 when wires a and b are equal, else 0. */
    private static final byte EQUAL = 8;
    /** Output o = a claims max(b, c) (chosen b): o == b ? b - c : c - b - 1. */
    private static final byte MAX_T = 9;
    /** Output o = a claims min(b, c) (chosen c): o == c ? b - c : c - b - 1. */
    private static final byte MIN_T = 10;
    /** Comparison bit a of b >= c: a == 1 ? b - c : c - b - 1. */
    private static final byte CMP_T = 11;
    /** ((sgn·x - base) >>> b) & (2^c - 1) for decomposition entry a: limb of c bits. */
    private static final byte LIMB = 12;
    /** 2·acc + d - 2d·q for accumulator source a, divisor constants[c] and q = wire b, or q = divRound(acc, d) when b is NONE. */
    private static final byte RESCALE_R = 13;
    /** The sign bit [q >= 0] of q = divRound(value(a), constants[c]). */
    private static final byte RELU_C = 14;
    /** t = q for q >= 0, else -q - 1, for q = divRound(value(a), constants[c]). */
    private static final byte RELU_T = 15;

    private byte[] kind;
    private int[] a;
    private int[] b;
    private int[] c;
    private int size;
    private final Layout.LongList constants = new Layout.LongList(16);
    private final List<int[]> termXs = new ArrayList<>();
    private final List<int[]> termWs = new ArrayList<>();
    private final Layout.IntList termSpan = new Layout.IntList(16);
    private final Layout.IntList decSource = new Layout.IntList(16);
    private final Layout.LongList decSign = new Layout.LongList(16);
    private final Layout.LongList decBase = new Layout.LongList(16);

    /** @param capacity the number of values expected (a dry run's count), to size the arrays once */
    AuxRules(int capacity) {
        int n = Math.max(16, capacity);
        kind = new byte[n];
        a = new int[n];
        b = new int[n];
        c = new int[n];
    }

    int size() {
        return size;
    }

    void zero() {
        add(ZERO, 0, 0, 0);
    }

    void constant(long value) {
        if (value == 0) {
            zero();
            return;
        }
        constants.add(value);
        add(CONST, constants.size() - 1, 0, 0);
    }

    void copyOf(int src) {
        add(COPY, src, 0, 0);
    }

    /** A term entry: the products xs[k]·ws[k] (or, with ws null, the terms xs[k]) taken span per row. */
    int terms(int[] xs, int[] ws, int span) {
        termXs.add(xs);
        termWs.add(ws);
        termSpan.add(span);
        return termXs.size() - 1;
    }

    /** prev + the terms from index {@code from} on row's worth of entry {@code entry}; prev NONE counts as 0 (sums only). */
    void partialSum(int prev, int entry, int from) {
        add(termWs.get(entry) == null ? SUM_PART : DOT_PART, prev, entry, from);
    }

    void divRound(int v, int q, long divisor) {
        constants.add(divisor);
        add(DIV_ROUND, v, q, constants.size() - 1);
    }

    /** The remainder of a fused rescale of accumulator {@code acc} by {@code divisor}, for quotient wire q (or NONE: the true quotient). */
    void rescaleRemainder(int acc, int q, long divisor) {
        constants.add(divisor);
        add(RESCALE_R, acc, q, constants.size() - 1);
    }

    /** The sign bit of a fused relu's quotient. */
    void reluSign(int acc, long divisor) {
        constants.add(divisor);
        add(RELU_C, acc, 0, constants.size() - 1);
    }

    /** The magnitude t of a fused relu's quotient. */
    void reluMagnitude(int acc, long divisor) {
        constants.add(divisor);
        add(RELU_T, acc, 0, constants.size() - 1);
    }

    void divVarRemainder(int num, int den, int q) {
        add(DIV_VAR_R, num, den, q);
    }

    void divVarSlack(int num, int den, int q) {
        add(DIV_VAR_S, num, den, q);
    }

    void equal(int x, int y) {
        add(EQUAL, x, y, 0);
    }

    /** t of max (or min) output o of x and y: non-negative exactly when o is the claimed extreme. */
    void maxSlack(int o, int x, int y, boolean min) {
        add(min ? MIN_T : MAX_T, o, x, y);
    }

    void compareSlack(int bit, int x, int y) {
        add(CMP_T, bit, x, y);
    }

    /** A decomposition of sgn·src - base (its limbs refer to it); returns its id. */
    int decomposition(int src, long sgn, long base) {
        decSource.add(src);
        decSign.add(sgn);
        decBase.add(base);
        return decSource.size() - 1;
    }

    void limb(int dec, int shift, int limbBits) {
        add(LIMB, dec, shift, limbBits);
    }

    private void add(byte k, int x, int y, int z) {
        if (size == kind.length) {
            int n = 2 * size;
            kind = Arrays.copyOf(kind, n);
            a = Arrays.copyOf(a, n);
            b = Arrays.copyOf(b, n);
            c = Arrays.copyOf(c, n);
        }
        kind[size] = k;
        a[size] = x;
        b[size] = y;
        c[size] = z;
        size++;
    }

    /** Every aux value, in id order (each reads only wires and earlier aux values). */
    long[] evaluate(long[] wv) {
        long[] av = new long[size];
        for (int i = 0; i < size; i++) {
            int x = a[i];
            int y = b[i];
            int z = c[i];
            long v;
            switch (kind[i]) {
                case ZERO:
                    v = 0;
                    break;
                case CONST:
                    v = constants.get(x);
                    break;
                case COPY:
                    v = value(x, wv, av);
                    break;
                case DOT_PART: {
                    int[] xs = termXs.get(y);
                    int[] ws = termWs.get(y);
                    int to = Math.min(xs.length, z + termSpan.get(y));
                    v = value(x, wv, av);
                    for (int k = z; k < to; k++) {
                        v += wv[xs[k]] * wv[ws[k]];
                    }
                    break;
                }
                case SUM_PART: {
                    int[] ts = termXs.get(y);
                    int to = Math.min(ts.length, z + termSpan.get(y));
                    v = x == NONE ? 0 : value(x, wv, av);
                    for (int k = z; k < to; k++) {
                        v += wv[ts[k]];
                    }
                    break;
                }
                case DIV_ROUND: {
                    long d = constants.get(z);
                    v = 2 * wv[x] + d - 2 * d * wv[y];
                    break;
                }
                case DIV_VAR_R:
                    v = 2 * wv[x] + wv[y] - 2 * wv[y] * wv[z];
                    break;
                case RESCALE_R: {
                    long d = constants.get(z);
                    long acc = value(x, wv, av);
                    long q = y == NONE ? divRound(acc, d) : wv[y];
                    v = 2 * acc + d - 2 * d * q;
                    break;
                }
                case RELU_C:
                    v = divRound(value(x, wv, av), constants.get(z)) >= 0 ? 1 : 0;
                    break;
                case RELU_T: {
                    long q = divRound(value(x, wv, av), constants.get(z));
                    v = q >= 0 ? q : -q - 1;
                    break;
                }
                case DIV_VAR_S:
                    v = 2 * wv[y] - 1 - (2 * wv[x] + wv[y] - 2 * wv[y] * wv[z]);
                    break;
                case EQUAL:
                    v = wv[x] == wv[y] ? 1 : 0;
                    break;
                case MAX_T:
                    v = wv[x] == wv[y] ? wv[y] - wv[z] : wv[z] - wv[y] - 1;
                    break;
                case MIN_T:
                    v = wv[x] == wv[z] ? wv[y] - wv[z] : wv[z] - wv[y] - 1;
                    break;
                case CMP_T:
                    v = wv[x] == 1 ? wv[y] - wv[z] : wv[z] - wv[y] - 1;
                    break;
                case LIMB:
                    v = ((decSign.get(x) * value(decSource.get(x), wv, av) - decBase.get(x)) >>> y) & ((1L << z) - 1);
                    break;
                default:
                    throw new IllegalStateException("aux kind " + kind[i]);
            }
            av[i] = v;
        }
        return av;
    }

    /** floor((2v + d) / 2d), the rounding rule of docs/semantics.md. */
    private static long divRound(long v, long d) {
        return Math.floorDiv(2 * v + d, 2 * d);
    }

    /** A source's value: a wire (>= 0) or an aux value (-(id + 1)). */
    static long value(int src, long[] wv, long[] av) {
        return src >= 0 ? wv[src] : av[-src - 1];
    }
}
