package dev.zkmlc.ir.op;

/** 1 / x. */
public record Reciprocal() implements UnaryOp {
    @Override
    public String opName() {
        return "reciprocal";
    }

    @Override
    public double apply(double x) {
        return 1.0 / x;
    }
}
