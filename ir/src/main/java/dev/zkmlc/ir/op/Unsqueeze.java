package dev.zkmlc.ir.op;

import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/** Inserts axes of extent 1 at the listed positions of the output. */
public record Unsqueeze(List<Integer> axes) implements Op {
    public Unsqueeze {
        axes = List.copyOf(axes);
    }

    @Override
    public String opName() {
        return "unsqueeze";
    }

    @Override
    public int[] arity() {
        return new int[] {1, 1};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        Shape x = operands.get(0).shape();
        int rank = x.rank() + axes.size();
        List<Integer> norm = ShapeRules.normaliseAxes(axes, rank, "unsqueeze");
        List<Integer> out = new ArrayList<>();
        for (int i = 0, j = 0; i < rank; i++) {
            out.add(norm.contains(i) ? 1 : x.dim(j++));
        }
        return new TensorType(operands.get(0).dtype(), Shape.of(out));
    }
}
