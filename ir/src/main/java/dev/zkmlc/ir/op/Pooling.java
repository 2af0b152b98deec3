package dev.zkmlc.ir.op;

import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.List;

/** The window arithmetic that max and average pooling share. */
final class Pooling {
    private Pooling() {}

    static TensorType infer(String op, TensorType input, List<Integer> kernel, List<Integer> strides,
            List<Integer> pads, List<Integer> dilations, boolean ceilMode) {
        Shape x = input.shape();
        int spatial = x.rank() - 2;
        if (spatial < 1 || kernel.size() != spatial || strides.size() != spatial
                || pads.size() != 2 * spatial || dilations.size() != spatial) {
            throw new IrException(op + ": attributes do not match input " + x);
        }
        int[] out = x.dims();
        for (int i = 0; i < spatial; i++) {
            out[i + 2] = ShapeRules.windowOutput(x.dim(i + 2), kernel.get(i), strides.get(i), pads.get(i),
                    pads.get(i + spatial), dilations.get(i), ceilMode);
        }
        return ShapeRules.floats(Shape.of(out));
    }
}
