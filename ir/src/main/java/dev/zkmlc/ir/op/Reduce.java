package dev.zkmlc.ir.op;

import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/** Sum, mean, max or min over the listed axes (all axes when the list is empty). */
public record Reduce(Kind kind, List<Integer> axes, boolean keepDims) implements Op {
    public enum Kind { SUM, MEAN, MAX, MIN }

    public Reduce {
        axes = List.copyOf(axes);
    }

    @Override
    public String opName() {
        return "reduce_" + kind.name().toLowerCase();
    }

    @Override
    public int[] arity() {
        return new int[] {1, 1};
    }

    /** The reduced axes, normalised and sorted, against the operand's rank. */
    public List<Integer> reducedAxes(int rank) {
        if (axes.isEmpty()) {
            return java.util.stream.IntStream.range(0, rank).boxed().toList();
        }
        return ShapeRules.normaliseAxes(axes, rank, opName());
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        Shape x = operands.get(0).shape();
        List<Integer> reduced = reducedAxes(x.rank());
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            if (!reduced.contains(i)) {
                out.add(x.dim(i));
            } else if (keepDims) {
                out.add(1);
            }
        }
        return new TensorType(operands.get(0).dtype(), Shape.of(out));
    }
}
