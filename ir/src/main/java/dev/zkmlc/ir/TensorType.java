package dev.zkmlc.ir;

/** The static type of a value: element type and shape. */
public record TensorType(DType dtype, Shape shape) {
    public static TensorType floats(int... dims) {
        return new TensorType(DType.FLOAT, Shape.of(dims));
    }

    @Override
    public String toString() {
        return dtype.name().toLowerCase() + shape;
    }
}
