package dev.zkmlc.ir.fixed;

import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import java.util.Arrays;

/** A fixed-point tensor: integers q at scale s, standing for q / 2^s. Immutable (copies in and out). */
public final class FixedTensor {
    private final Shape shape;
    private final int scale;
    private final long[] data;

    public FixedTensor(Shape shape, int scale, long[] data) {
        this(data.clone(), shape, scale);
    }

    /** Takes ownership of {@code owned} (no copy); the argument order only tells the two apart. */
    private FixedTensor(long[] owned, Shape shape, int scale) {
        if (shape.size() != owned.length) {
            throw new IllegalArgumentException("shape " + shape + " needs " + shape.size() + " values, got " + owned.length);
        }
        this.shape = shape;
        this.scale = scale;
        this.data = owned;
    }

    /** Quantizes every element of t at scale s with {@link FixedPointMath#quantize}. */
    public static FixedTensor quantize(Tensor t, int s) {
        long[] q = new long[t.size()];
        for (int i = 0; i < q.length; i++) {
            q[i] = FixedPointMath.quantize(t.get(i), s);
        }
        return new FixedTensor(q, t.shape(), s);
    }

    public Shape shape() {
        return shape;
    }

    public int scale() {
        return scale;
    }

    public int size() {
        return data.length;
    }

    public long get(int flatIndex) {
        return data[flatIndex];
    }

    public long[] toArray() {
        return data.clone();
    }

    /** The real values q / 2^s. */
    public Tensor dequantize() {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = FixedPointMath.dequantize(data[i], scale);
        }
        return new Tensor(shape, d);
    }

    /** Takes ownership of an array the interpreter made itself: no defensive copy. */
    static FixedTensor wrap(Shape shape, int scale, long[] data) {
        return new FixedTensor(data, shape, scale);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FixedTensor t && scale == t.scale && shape.equals(t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return (31 * shape.hashCode() + scale) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        String body = data.length <= 8 ? Arrays.toString(data)
                : "[" + data[0] + ", " + data[1] + ", ..., " + data[data.length - 1] + "]";
        return "fixed" + shape + "@2^-" + scale + body;
    }
}
