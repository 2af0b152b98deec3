package dev.zkmlc.ir.op;

import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.List;

/** Broadcasts the operand to {@code shape} (numpy rules, so the result may be larger still). */
public record Expand(List<Integer> shape) implements Op {
    public Expand {
        shape = List.copyOf(shape);
    }

    @Override
    public String opName() {
        return "expand";
    }

    @Override
    public int[] arity() {
        return new int[] {1, 1};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        return new TensorType(operands.get(0).dtype(), ShapeRules.broadcast(operands.get(0).shape(), Shape.of(shape)));
    }
}
