package dev.zkmlc.ir.op;

import dev.zkmlc.ir.DType;
import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/** Shape arithmetic shared by the ops' type rules. */
public final class ShapeRules {
    private ShapeRules() {}

    /** Numpy-style multidirectional broadcasting. */
    public static Shape broadcast(Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - a.rank()) >= 0 ? a.dim(i - (rank - a.rank())) : 1;
            int db = i - (rank - b.rank()) >= 0 ? b.dim(i - (rank - b.rank())) : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IrException("shapes " + a + " and " + b + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return Shape.of(out);
    }

    static TensorType floats(Shape s) {
        return new TensorType(DType.FLOAT, s);
    }

    static void requireRank(String op, TensorType t, int rank) {
        if (t.shape().rank() != rank) {
            throw new IrException(op + ": expected rank " + rank + ", got " + t.shape());
        }
    }

    static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Output extent of a sliding window along one axis (conv and pooling). */
    public static int windowOutput(int in, int kernel, int stride, int padBegin, int padEnd, int dilation, boolean ceil) {
        int effective = dilation * (kernel - 1) + 1;
        int span = in + padBegin + padEnd - effective;
        if (span < 0) {
            throw new IrException("window of " + effective + " does not fit input extent " + in + " with padding");
        }
        int out = ceil ? (span + stride - 1) / stride + 1 : span / stride + 1;
        if (ceil && (out - 1) * stride >= in + padBegin) {
            out--;
        }
        return out;
    }

    /** Normalises axes against a rank and sorts them. */
    static List<Integer> normaliseAxes(List<Integer> axes, int rank, String op) {
        List<Integer> out = new ArrayList<>();
        for (int a : axes) {
            int n = a < 0 ? a + rank : a;
            if (n < 0 || n >= rank) {
                throw new IrException(op + ": axis " + a + " out of range for rank " + rank);
            }
            if (out.contains(n)) {
                throw new IrException(op + ": axis " + a + " repeated");
            }
            out.add(n);
        }
        out.sort(null);
        return out;
    }
}
