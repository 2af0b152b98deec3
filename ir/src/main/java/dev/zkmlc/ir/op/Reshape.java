package dev.zkmlc.ir.op;

import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.List;

/** Reinterprets the row-major data under a new, fully resolved shape of the same size. */
public record Reshape(List<Integer> shape) implements Op {
    public Reshape {
        shape = List.copyOf(shape);
    }

    @Override
    public String opName() {
        return "reshape";
    }

    @Override
    public int[] arity() {
        return new int[] {1, 1};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        Shape out = Shape.of(shape);
        if (out.size() != operands.get(0).shape().size()) {
            throw new IrException("reshape: " + operands.get(0).shape() + " has " + operands.get(0).shape().size()
                    + " elements, " + out + " has " + out.size());
        }
        return new TensorType(operands.get(0).dtype(), out);
    }
}
