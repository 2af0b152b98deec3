package dev.zkmlc.ir.op;

import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * Index of the largest element along one axis, as a float-typed integer (the IR computes in one
 * number type); ties go to the first index, or the last when {@code selectLastIndex}.
 */
public record ArgMax(int axis, boolean keepDims, boolean selectLastIndex) implements Op {
    @Override
    public String opName() {
        return "argmax";
    }

    @Override
    public int[] arity() {
        return new int[] {1, 1};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        Shape x = operands.get(0).shape();
        int a = x.axis(axis);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            if (i != a) {
                out.add(x.dim(i));
            } else if (keepDims) {
                out.add(1);
            }
        }
        return ShapeRules.floats(Shape.of(out));
    }
}
