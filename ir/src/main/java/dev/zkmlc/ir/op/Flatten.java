package dev.zkmlc.ir.op;

import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.List;

/** Reshapes to 2-d: the axes before {@code axis} into the first, the rest into the second. */
public record Flatten(int axis) implements Op {
    @Override
    public String opName() {
        return "flatten";
    }

    @Override
    public int[] arity() {
        return new int[] {1, 1};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        Shape x = operands.get(0).shape();
        int a = axis < 0 ? axis + x.rank() : axis;
        if (a < 0 || a > x.rank()) {
            throw new dev.zkmlc.ir.IrException("flatten: axis " + axis + " out of range for " + x);
        }
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= x.dim(i);
        }
        return new TensorType(operands.get(0).dtype(), Shape.of(outer, x.size() / Math.max(outer, 1)));
    }
}
