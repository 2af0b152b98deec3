package dev.zkmlc.ir.op;

import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers along {@code axis} with constant indices (non-negative, already normalised), laid out in
 * {@code indicesShape}: output shape is x[:axis] + indicesShape + x[axis+1:].
 */
public record Gather(int axis, List<Integer> indices, List<Integer> indicesShape) implements Op {
    public Gather {
        indices = List.copyOf(indices);
        indicesShape = List.copyOf(indicesShape);
    }

    @Override
    public String opName() {
        return "gather";
    }

    @Override
    public int[] arity() {
        return new int[] {1, 1};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        Shape x = operands.get(0).shape();
        int a = x.axis(axis);
        if (Shape.of(indicesShape).size() != indices.size()) {
            throw new IrException("gather: " + indices.size() + " indices do not fill shape " + indicesShape);
        }
        for (int i : indices) {
            if (i < 0 || i >= x.dim(a)) {
                throw new IrException("gather: index " + i + " out of range for axis " + a + " of " + x);
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < a; i++) {
            out.add(x.dim(i));
        }
        out.addAll(indicesShape);
        for (int i = a + 1; i < x.rank(); i++) {
            out.add(x.dim(i));
        }
        return new TensorType(operands.get(0).dtype(), Shape.of(out));
    }
}
