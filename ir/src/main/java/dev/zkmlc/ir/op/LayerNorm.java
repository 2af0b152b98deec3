package dev.zkmlc.ir.op;

import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.Arrays;
import java.util.List;

/**
 * (x - mean) / sqrt(var + epsilon) * gamma + beta, with mean and (biased) variance over the axes
 * from {@code axis} to the last; gamma and optional beta have the shape of those axes.
 */
public record LayerNorm(int axis, double epsilon) implements Op {
    @Override
    public String opName() {
        return "layer_norm";
    }

    @Override
    public int[] arity() {
        return new int[] {2, 3};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        Shape x = operands.get(0).shape();
        int a = x.axis(axis);
        int[] dims = x.dims();
        Shape normalised = Shape.of(Arrays.copyOfRange(dims, a, dims.length));
        for (int i = 1; i < operands.size(); i++) {
            Shape p = operands.get(i).shape();
            if (!ShapeRules.broadcast(p, normalised).equals(normalised)) {
                throw new IrException("layer_norm: parameter " + p + " does not fit normalised shape " + normalised);
            }
        }
        return operands.get(0);
    }
}
