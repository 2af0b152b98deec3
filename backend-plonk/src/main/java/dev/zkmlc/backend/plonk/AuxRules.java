package dev.zkmlc.backend.plonk;

import dev.zkmlc.backend.plonk.PlonkLayout.IntList;
import dev.zkmlc.backend.plonk.PlonkLayout.LongList;
import java.util.Arrays;

/**
 * How every auxiliary value of a PLONK layout (a partial sum, a product, a remainder, a limb, ...) is
 * computed from the wires and earlier aux values, stored flat: a kind byte and two ints per value,
 * evaluated in one loop. A large model has hundreds of millions of them, so one object (a lambda) per
 * value does not fit in memory.
 *
 * <p>Most aux values are the output of their gate row (qO = -1): the row's coefficients and its a and b
 * cells determine them, so they store only the row. Limbs and partial sums of a range check store the
 * decomposition they belong to (one entry per checked value: the source, sign and base) and a shift.
 */
final class AuxRules {
    /** qL·a + qR·b + qM·a·b + qC over the a and b cells of row {@code arg}. */
    private static final byte GATE_OUTPUT = 0;
    /** ((sgn·x - base) >>> shift) & limbMask for decomposition {@code arg}, shift {@code arg2}. */
    private static final byte LIMB = 1;
    /** (sgn·x - base) >>> shift for decomposition {@code arg}, shift {@code arg2}. */
    private static final byte SHIFTED = 2;
    /** 1 when wires {@code arg} and {@code arg2} are equal, else 0. */
    private static final byte EQUAL = 3;
    /** ((sgn·x - base) >>> shift) & 1 for decomposition {@code arg}, shift {@code arg2}: a check in bits. */
    private static final byte BIT = 4;

    private final long limbMask;
    private byte[] kind = new byte[64];
    private int[] arg = new int[64];
    private int[] arg2 = new int[64];
    private int size;
    private final IntList decSource = new IntList();
    private final LongList decSign = new LongList();
    private final LongList decBase = new LongList();

    /** @param limbBits the width of one range-check limb (the table bits, or 1 for bits) */
    AuxRules(int limbBits) {
        this.limbMask = limbBits >= 63 ? -1L : (1L << limbBits) - 1;
    }

    int size() {
        return size;
    }

    void addGateOutput(int row) {
        add(GATE_OUTPUT, row, 0);
    }

    /** Returns the decomposition's id. */
    int addDecomposition(int src, long sgn, long base) {
        int id = decSource.size();
        decSource.add(src);
        decSign.set(id, sgn);
        decBase.set(id, base);
        return id;
    }

    void addDecomposed(int dec, int shift, boolean limb) {
        add(limb ? LIMB : SHIFTED, dec, shift);
    }

    void addBit(int dec, int shift) {
        add(BIT, dec, shift);
    }

    void addEqual(int x, int y) {
        add(EQUAL, x, y);
    }

    private void add(byte k, int a, int b) {
        if (size == kind.length) {
            int n = 2 * size;
            kind = Arrays.copyOf(kind, n);
            arg = Arrays.copyOf(arg, n);
            arg2 = Arrays.copyOf(arg2, n);
        }
        kind[size] = k;
        arg[size] = a;
        arg2[size] = b;
        size++;
    }

    /** Drops growth slack: the rules live as long as the compiled circuit. */
    void trim() {
        kind = Arrays.copyOf(kind, size);
        arg = Arrays.copyOf(arg, size);
        arg2 = Arrays.copyOf(arg2, size);
        decSource.trim();
        decSign.trim();
        decBase.trim();
    }

    /**
     * Every aux value, in id order (each reads only wires and earlier aux values).
     *
     * @param wires the gadget program's wire values
     * @param a the a cells' sources by row
     * @param b the b cells' sources by row
     * @param qL the gate coefficients by row (qR, qM, qC likewise); null for a column never set
     */
    long[] evaluate(long[] wires, IntList a, IntList b, LongList qL, LongList qR, LongList qM, LongList qC) {
        long[] aux = new long[size];
        for (int i = 0; i < size; i++) {
            int x = arg[i];
            switch (kind[i]) {
                case GATE_OUTPUT: {
                    long av = value(a.get(x), wires, aux);
                    long bv = value(b.get(x), wires, aux);
                    aux[i] = get(qL, x) * av + get(qR, x) * bv + get(qM, x) * av * bv + get(qC, x);
                    break;
                }
                case LIMB:
                    aux[i] = (decomposed(x, wires, aux) >>> arg2[i]) & limbMask;
                    break;
                case BIT:
                    aux[i] = (decomposed(x, wires, aux) >>> arg2[i]) & 1;
                    break;
                case SHIFTED:
                    aux[i] = decomposed(x, wires, aux) >>> arg2[i];
                    break;
                case EQUAL:
                    aux[i] = wires[x] == wires[arg2[i]] ? 1 : 0;
                    break;
                default:
                    throw new IllegalStateException("aux kind " + kind[i]);
            }
        }
        return aux;
    }

    private long decomposed(int dec, long[] wires, long[] aux) {
        return decSign.get(dec) * value(decSource.get(dec), wires, aux) - decBase.get(dec);
    }

    private static long get(LongList l, int row) {
        return l == null ? 0 : l.get(row);
    }

    /** A cell source's value: a wire, an aux value, or 0 for an empty cell. */
    static long value(int src, long[] wires, long[] aux) {
        if (src == PlonkLayout.EMPTY) {
            return 0;
        }
        return src >= 0 ? wires[src] : aux[-src - 1];
    }
}
