package dev.zkmlc.ir.op;

/** Arcsine, in [-pi/2, pi/2]; NaN outside [-1, 1]. */
public record Asin() implements UnaryOp {
    @Override
    public String opName() {
        return "asin";
    }

    @Override
    public double apply(double x) {
        return StrictMath.asin(x);
    }
}
