package dev.zkmlc.ir.op;

/** -x. */
public record Neg() implements UnaryOp {
    @Override
    public String opName() {
        return "neg";
    }

    @Override
    public double apply(double x) {
        return -x;
    }

    @Override
    public boolean piecewiseLinear() {
        return true;
    }
}
