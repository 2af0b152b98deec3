package dev.zkmlc.ir.op;

/** Hyperbolic tangent. */
public record Tanh() implements UnaryOp {
    @Override
    public String opName() {
        return "tanh";
    }

    @Override
    public double apply(double x) {
        return StrictMath.tanh(x);
    }
}
