package dev.zkmlc.ir.op;

/** The smaller of a and b. */
public record Min() implements BinaryOp {
    @Override
    public String opName() {
        return "min";
    }

    @Override
    public double apply(double a, double b) {
        return StrictMath.min(a, b);
    }
}
