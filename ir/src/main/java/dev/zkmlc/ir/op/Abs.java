package dev.zkmlc.ir.op;

/** |x|. */
public record Abs() implements UnaryOp {
    @Override
    public String opName() {
        return "abs";
    }

    @Override
    public double apply(double x) {
        return StrictMath.abs(x);
    }

    @Override
    public boolean piecewiseLinear() {
        return true;
    }
}
