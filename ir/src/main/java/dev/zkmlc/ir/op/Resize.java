package dev.zkmlc.ir.op;

import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.List;

/**
 * Nearest-neighbour resize (ONNX Upsample/Resize, mode nearest, asymmetric coordinates, floor):
 * output index i along an axis reads input index floor(i * in / out).
 */
public record Resize(List<Integer> outputShape) implements Op {
    public Resize {
        outputShape = List.copyOf(outputShape);
    }

    @Override
    public String opName() {
        return "resize_nearest";
    }

    @Override
    public int[] arity() {
        return new int[] {1, 1};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        if (outputShape.size() != operands.get(0).shape().rank()) {
            throw new IrException("resize: output shape " + outputShape + " does not match rank of " + operands.get(0).shape());
        }
        return ShapeRules.floats(Shape.of(outputShape));
    }
}
