package dev.zkmlc.ir.op;

import dev.zkmlc.ir.TensorType;
import java.util.Collections;
import java.util.List;

/**
 * Mean over sliding windows of the spatial axes. The divisor is the kernel size when
 * {@code countIncludePad}, else the number of non-pad elements in the window.
 */
public record AvgPool(List<Integer> kernel, List<Integer> strides, List<Integer> pads, boolean countIncludePad,
        boolean ceilMode) implements Op {
    public AvgPool {
        kernel = List.copyOf(kernel);
        strides = List.copyOf(strides);
        pads = List.copyOf(pads);
    }

    @Override
    public String opName() {
        return "avg_pool";
    }

    @Override
    public int[] arity() {
        return new int[] {1, 1};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        return Pooling.infer("avg_pool", operands.get(0), kernel, strides, pads,
                Collections.nCopies(kernel.size(), 1), ceilMode);
    }
}
