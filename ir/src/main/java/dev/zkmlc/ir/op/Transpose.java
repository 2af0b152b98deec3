package dev.zkmlc.ir.op;

import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.List;

/** Permutes the axes: output axis i is input axis perm[i]. */
public record Transpose(List<Integer> perm) implements Op {
    public Transpose {
        perm = List.copyOf(perm);
    }

    @Override
    public String opName() {
        return "transpose";
    }

    @Override
    public int[] arity() {
        return new int[] {1, 1};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        Shape x = operands.get(0).shape();
        if (perm.size() != x.rank() || !ShapeRules.normaliseAxes(perm, x.rank(), "transpose").equals(
                java.util.stream.IntStream.range(0, x.rank()).boxed().toList())) {
            throw new IrException("transpose: " + perm + " is not a permutation of the axes of " + x);
        }
        int[] out = new int[x.rank()];
        for (int i = 0; i < out.length; i++) {
            out[i] = x.dim(perm.get(i));
        }
        return new TensorType(operands.get(0).dtype(), Shape.of(out));
    }
}
