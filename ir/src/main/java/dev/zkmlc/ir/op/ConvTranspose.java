package dev.zkmlc.ir.op;

import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.List;

/**
 * N-d transposed convolution: X [batch, c, spatial...], W [c, m / group, kernel...], optional bias
 * [m]. Output extent: stride * (in - 1) + outputPadding + (kernel - 1) * dilation + 1 - padBegin - padEnd.
 */
public record ConvTranspose(List<Integer> strides, List<Integer> pads, List<Integer> dilations,
        List<Integer> outputPadding, int group) implements Op {
    public ConvTranspose {
        strides = List.copyOf(strides);
        pads = List.copyOf(pads);
        dilations = List.copyOf(dilations);
        outputPadding = List.copyOf(outputPadding);
    }

    @Override
    public String opName() {
        return "conv_transpose";
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
        if (spatial < 1 || w.rank() != x.rank() || w.dim(0) != x.dim(1) || x.dim(1) % group != 0) {
            throw new IrException("conv_transpose: input " + x + " and weight " + w + " do not fit");
        }
        int[] out = new int[x.rank()];
        out[0] = x.dim(0);
        out[1] = w.dim(1) * group;
        for (int i = 0; i < spatial; i++) {
            out[i + 2] = strides.get(i) * (x.dim(i + 2) - 1) + outputPadding.get(i)
                    + (w.dim(i + 2) - 1) * dilations.get(i) + 1 - pads.get(i) - pads.get(i + spatial);
        }
        return ShapeRules.floats(Shape.of(out));
    }
}
