package dev.zkmlc.ir.op;

import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.List;

/** Joins operands along one axis; all other extents must agree. */
public record Concat(int axis) implements Op {
    @Override
    public String opName() {
        return "concat";
    }

    @Override
    public int[] arity() {
        return new int[] {1, Integer.MAX_VALUE};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        Shape first = operands.get(0).shape();
        int a = first.axis(axis);
        int[] out = first.dims();
        for (int i = 1; i < operands.size(); i++) {
            Shape s = operands.get(i).shape();
            if (s.rank() != first.rank()) {
                throw new IrException("concat: ranks differ: " + first + " and " + s);
            }
            for (int d = 0; d < s.rank(); d++) {
                if (d != a && s.dim(d) != first.dim(d)) {
                    throw new IrException("concat: extents differ off axis " + axis + ": " + first + " and " + s);
                }
            }
            out[a] += s.dim(a);
        }
        return new TensorType(operands.get(0).dtype(), Shape.of(out));
    }
}
