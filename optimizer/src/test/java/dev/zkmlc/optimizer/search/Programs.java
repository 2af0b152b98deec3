package dev.zkmlc.optimizer.search;

import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.gadget.LookupTable;

/** Small gadget programs shaped like quantized dense networks, for layout tests. */
public final class Programs {
    private Programs() {}

    /**
     * {@code layers} dense layers of {@code size} neurons over 8-bit-scale activations: dot product, rescale by
     * 2^8, relu (max with 0), and a final lookup through a {@code tableSize}-row function table.
     */
    public static GadgetProgram dense(int layers, int size, int tableSize) {
        GadgetProgram.Builder b = GadgetProgram.builder("dense" + layers);
        Interval act = new Interval(-(1L << 15), (1L << 15) - 1);
        int[] x = b.input("x", new int[] {size}, true, act);
        for (int l = 0; l < layers; l++) {
            int[][] xs = new int[size][];
            int[][] ws = new int[size][];
            int[] bias = new int[size];
            for (int i = 0; i < size; i++) {
                xs[i] = x;
                long[] w = new long[size];
                for (int j = 0; j < size; j++) {
                    w[j] = ((i * 31 + j * 17 + l * 7) % 255) - 127;
                }
                ws[i] = b.constants(w, true);
                bias[i] = b.fixedConstant(i - size / 2);
            }
            int[] y = b.rescale("layer " + l, b.dot("layer " + l, xs, ws, bias), 8, act);
            int[] zero = new int[size];
            java.util.Arrays.fill(zero, b.fixedConstant(0));
            x = b.max("relu " + l, y, zero);
        }
        long[] values = new long[tableSize];
        for (int i = 0; i < tableSize; i++) {
            values[i] = i / 2;
        }
        int t = b.table(new LookupTable("half", 0, values));
        int[] clipped = b.min("clip", x, fill(size, b.fixedConstant(tableSize - 1)));
        b.output("y", new int[] {size}, b.lookup("half", t, clipped), true);
        return b.build();
    }

    private static int[] fill(int n, int wire) {
        int[] r = new int[n];
        java.util.Arrays.fill(r, wire);
        return r;
    }
}
