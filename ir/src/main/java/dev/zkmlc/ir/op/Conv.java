package dev.zkmlc.ir.op;

import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.List;

/**
 * N-d convolution (cross-correlation, as in ONNX): X [batch, c, spatial...], W [m, c / group,
 * kernel...], optional bias [m]. {@code pads} holds the begin pads of every spatial axis, then the
 * end pads.
 */
public record Conv(List<Integer> strides, List<Integer> pads, List<Integer> dilations, int group) implements Op {
    public Conv {
        strides = List.copyOf(strides);
        pads = List.copyOf(pads);
        dilations = List.copyOf(dilations);
    }

    @Override
    public String opName() {
        return "conv";
    }

    @Override
    public int[] arity() {
        return new int[] {2, 3};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        Shape x = operands.get(0).shape();
        Shape w = operands.get(1).shape();
        int spatial = x.rank() - 2;
        if (spatial < 1 || w.rank() != x.rank()) {
            throw new IrException("conv: input " + x + " and weight " + w + " ranks do not fit");
        }
        if (strides.size() != spatial || dilations.size() != spatial || pads.size() != 2 * spatial) {
            throw new IrException("conv: attributes do not match " + spatial + " spatial axes");
        }
        if (group < 1 || x.dim(1) % group != 0 || w.dim(0) % group != 0 || w.dim(1) * group != x.dim(1)) {
            throw new IrException("conv: channels " + x.dim(1) + " and weight " + w + " do not fit group " + group);
        }
        if (operands.size() == 3 && !operands.get(2).shape().equals(Shape.of(w.dim(0)))) {
            throw new IrException("conv: bias " + operands.get(2).shape() + " must be [" + w.dim(0) + "]");
        }
        int[] out = new int[x.rank()];
        out[0] = x.dim(0);
        out[1] = w.dim(0);
        for (int i = 0; i < spatial; i++) {
            out[i + 2] = ShapeRules.windowOutput(x.dim(i + 2), w.dim(i + 2), strides.get(i), pads.get(i),
                    pads.get(i + spatial), dilations.get(i), false);
        }
        return ShapeRules.floats(Shape.of(out));
    }
}
