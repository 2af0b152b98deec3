package dev.zkmlc.ir.op;

import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.TensorType;
import java.util.List;

/** Max over all spatial axes: [batch, c, spatial...] -> [batch, c, 1, ...]. */
public record GlobalMaxPool() implements Op {
    @Override
    public String opName() {
        return "global_max_pool";
    }

    @Override
    public int[] arity() {
        return new int[] {1, 1};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        int[] dims = operands.get(0).shape().dims();
        if (dims.length < 3) {
            throw new IrException("global_max_pool: input must have spatial axes, got " + operands.get(0).shape());
        }
        for (int i = 2; i < dims.length; i++) {
            dims[i] = 1;
        }
        return ShapeRules.floats(dev.zkmlc.ir.Shape.of(dims));
    }
}
