package dev.zkmlc.ir.op;

import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/** Removes the listed axes, each of extent 1. */
public record Squeeze(List<Integer> axes) implements Op {
    public Squeeze {
        axes = List.copyOf(axes);
    }

    @Override
    public String opName() {
        return "squeeze";
    }

    @Override
    public int[] arity() {
        return new int[] {1, 1};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        Shape x = operands.get(0).shape();
        List<Integer> norm = ShapeRules.normaliseAxes(axes, x.rank(), "squeeze");
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            if (norm.contains(i)) {
                if (x.dim(i) != 1) {
                    throw new IrException("squeeze: axis " + i + " of " + x + " is not 1");
                }
            } else {
                out.add(x.dim(i));
            }
        }
        return new TensorType(operands.get(0).dtype(), Shape.of(out));
    }
}
