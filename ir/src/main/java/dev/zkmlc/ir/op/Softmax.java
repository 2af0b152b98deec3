package dev.zkmlc.ir.op;

import dev.zkmlc.ir.TensorType;
import java.util.List;

/** exp(x - max) / sum(exp(x - max)) along one axis. */
public record Softmax(int axis) implements Op {
    @Override
    public String opName() {
        return "softmax";
    }

    @Override
    public int[] arity() {
        return new int[] {1, 1};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        operands.get(0).shape().axis(axis);
        return operands.get(0);
    }
}
