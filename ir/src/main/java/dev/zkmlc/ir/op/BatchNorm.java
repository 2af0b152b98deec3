package dev.zkmlc.ir.op;

import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.List;

/**
 * Inference batch normalisation over axis 1: (x - mean) / sqrt(var + epsilon) * scale + bias.
 * Operands: x, scale, bias, mean, var (each [c]). The optimizer folds it into a preceding conv or
 * gemm; where none precedes, it lowers to an affine map.
 */
public record BatchNorm(double epsilon) implements Op {
    @Override
    public String opName() {
        return "batch_norm";
    }

    @Override
    public int[] arity() {
        return new int[] {5, 5};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        Shape x = operands.get(0).shape();
        if (x.rank() < 2) {
            throw new IrException("batch_norm: input must have a channel axis, got " + x);
        }
        for (int i = 1; i < 5; i++) {
            if (!operands.get(i).shape().equals(Shape.of(x.dim(1)))) {
                throw new IrException("batch_norm: parameter " + operands.get(i).shape() + " must be [" + x.dim(1) + "]");
            }
        }
        return operands.get(0);
    }
}
