package dev.zkmlc.ir.op;

/** The larger of a and b. */
public record Max() implements BinaryOp {
    @Override
    public String opName() {
        return "max";
    }

    @Override
    public double apply(double a, double b) {
        return StrictMath.max(a, b);
    }
}
