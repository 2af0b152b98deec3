package dev.zkmlc.ir.op;

/** Cosine (radians). */
public record Cos() implements UnaryOp {
    @Override
    public String opName() {
        return "cos";
    }

    @Override
    public double apply(double x) {
        return StrictMath.cos(x);
    }
}
