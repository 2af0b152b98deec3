package dev.zkmlc.ir.op;

import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.Arrays;
import java.util.List;

/**
 * Numpy matmul: [..., m, k] x [..., k, n] -> [..., m, n] with the leading dimensions broadcast; a
 * rank-1 left operand is a row vector and a rank-1 right operand a column vector, each dropped from
 * the result.
 */
public record MatMul() implements Op {
    @Override
    public String opName() {
        return "matmul";
    }

    @Override
    public int[] arity() {
        return new int[] {2, 2};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        Shape a = operands.get(0).shape();
        Shape b = operands.get(1).shape();
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IrException("matmul: operands must have rank >= 1, got " + a + " and " + b);
        }
        int[] ad = a.rank() == 1 ? new int[] {1, a.dim(0)} : a.dims();
        int[] bd = b.rank() == 1 ? new int[] {b.dim(0), 1} : b.dims();
        int k = ad[ad.length - 1];
        if (bd[bd.length - 2] != k) {
            throw new IrException("matmul: inner dimensions differ: " + a + " x " + b);
        }
        Shape batch = ShapeRules.broadcast(
                Shape.of(Arrays.copyOf(ad, ad.length - 2)), Shape.of(Arrays.copyOf(bd, bd.length - 2)));
        int[] out = Arrays.copyOf(batch.dims(), batch.rank() + 2);
        out[batch.rank()] = ad[ad.length - 2];
        out[batch.rank() + 1] = bd[bd.length - 1];
        int[] result = out;
        if (a.rank() == 1) {
            result = remove(result, result.length - 2);
        }
        if (b.rank() == 1) {
            result = remove(result, result.length - 1);
        }
        return ShapeRules.floats(Shape.of(result));
    }

    private static int[] remove(int[] dims, int index) {
        int[] out = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i != index) {
                out[j++] = dims[i];
            }
        }
        return out;
    }
}
