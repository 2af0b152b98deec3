package dev.zkmlc.ir.op;

/** Arctangent, in (-pi/2, pi/2). */
public record Atan() implements UnaryOp {
    @Override
    public String opName() {
        return "atan";
    }

    @Override
    public double apply(double x) {
        return StrictMath.atan(x);
    }
}
