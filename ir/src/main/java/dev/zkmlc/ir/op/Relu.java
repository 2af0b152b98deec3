package dev.zkmlc.ir.op;

/** max(x, 0). */
public record Relu() implements UnaryOp {
    @Override
    public String opName() {
        return "relu";
    }

    @Override
    public double apply(double x) {
        return x > 0 ? x : 0.0;
    }

    @Override
    public boolean piecewiseLinear() {
        return true;
    }
}
