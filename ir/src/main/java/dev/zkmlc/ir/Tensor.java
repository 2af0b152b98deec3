package dev.zkmlc.ir;

import java.util.Arrays;

/**
 * A dense, row-major tensor of doubles: weights, inputs and interpreter values. Immutable: the
 * constructor and {@link #toArray()} copy.
 */
public final class Tensor {
    private final Shape shape;
    private final double[] data;

    public Tensor(Shape shape, double[] data) {
        if (shape.size() != data.length) {
            throw new IllegalArgumentException(
                    "shape " + shape + " needs " + shape.size() + " values, got " + data.length);
        }
        this.shape = shape;
        this.data = data.clone();
    }

    public static Tensor scalar(double v) {
        return new Tensor(Shape.scalar(), new double[] {v});
    }

    public static Tensor zeros(Shape shape) {
        return new Tensor(shape, new double[shape.size()]);
    }

    public Shape shape() {
        return shape;
    }

    public int size() {
        return data.length;
    }

    public double get(int flatIndex) {
        return data[flatIndex];
    }

    public double[] toArray() {
        return data.clone();
    }

    public Tensor reshape(Shape newShape) {
        return new Tensor(newShape, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && shape.equals(t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        if (data.length <= 8) {
            return "tensor" + shape + Arrays.toString(data);
        }
        return "tensor" + shape + "[" + data[0] + ", " + data[1] + ", ..., " + data[data.length - 1] + "]";
    }
}
