package dev.zkmlc.ir.op;

/** Tangent (radians). */
public record Tan() implements UnaryOp {
    @Override
    public String opName() {
        return "tan";
    }

    @Override
    public double apply(double x) {
        return StrictMath.tan(x);
    }
}
