package dev.zkmlc.ir.op;

/** 1 / (1 + e^-x). */
public record Sigmoid() implements UnaryOp {
    @Override
    public String opName() {
        return "sigmoid";
    }

    @Override
    public double apply(double x) {
        return 1.0 / (1.0 + StrictMath.exp(-x));
    }
}
