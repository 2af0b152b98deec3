package dev.zkmlc.ir.op;

import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.TensorType;
import java.util.List;

/** Picks from the first operand where the constant condition is non-zero, else from the second. */
public record Where(Tensor condition) implements Op {
    @Override
    public String opName() {
        return "where";
    }

    @Override
    public int[] arity() {
        return new int[] {2, 2};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        Shape s = ShapeRules.broadcast(condition.shape(),
                ShapeRules.broadcast(operands.get(0).shape(), operands.get(1).shape()));
        return ShapeRules.floats(s);
    }
}
