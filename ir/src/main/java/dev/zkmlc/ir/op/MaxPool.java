package dev.zkmlc.ir.op;

import dev.zkmlc.ir.TensorType;
import java.util.List;

/** Max over sliding windows of the spatial axes; padding never wins (it counts as -infinity). */
public record MaxPool(List<Integer> kernel, List<Integer> strides, List<Integer> pads, List<Integer> dilations,
        boolean ceilMode) implements Op {
    public MaxPool {
        kernel = List.copyOf(kernel);
        strides = List.copyOf(strides);
        pads = List.copyOf(pads);
        dilations = List.copyOf(dilations);
    }

    @Override
    public String opName() {
        return "max_pool";
    }

    @Override
    public int[] arity() {
        return new int[] {1, 1};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        return Pooling.infer("max_pool", operands.get(0), kernel, strides, pads, dilations, ceilMode);
    }
}
