package dev.zkmlc.ir.op;

/** Sine (radians). */
public record Sin() implements UnaryOp {
    @Override
    public String opName() {
        return "sin";
    }

    @Override
    public double apply(double x) {
        return StrictMath.sin(x);
    }
}
