package dev.zkmlc.ir.op;

import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.List;

/**
 * Pads every axis: {@code pads} holds the begin pads of all axes, then the end pads (non-negative).
 * Constant mode fills with {@code value}; reflect and edge mirror or repeat the border.
 */
public record Pad(List<Integer> pads, Mode mode, double value) implements Op {
    public enum Mode { CONSTANT, REFLECT, EDGE }

    public Pad {
        pads = List.copyOf(pads);
    }

    @Override
    public String opName() {
        return "pad";
    }

    @Override
    public int[] arity() {
        return new int[] {1, 1};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        Shape x = operands.get(0).shape();
        if (pads.size() != 2 * x.rank()) {
            throw new IrException("pad: " + pads.size() + " pads for rank " + x.rank());
        }
        int[] out = x.dims();
        for (int i = 0; i < x.rank(); i++) {
            if (pads.get(i) < 0 || pads.get(i + x.rank()) < 0) {
                throw new IrException("pad: negative pads are not supported: " + pads);
            }
            out[i] += pads.get(i) + pads.get(i + x.rank());
        }
        return new TensorType(operands.get(0).dtype(), Shape.of(out));
    }
}
