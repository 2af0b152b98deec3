package dev.zkmlc.ir.op;

/** Arccosine, in [0, pi]; NaN outside [-1, 1]. */
public record Acos() implements UnaryOp {
    @Override
    public String opName() {
        return "acos";
    }

    @Override
    public double apply(double x) {
        return StrictMath.acos(x);
    }
}
