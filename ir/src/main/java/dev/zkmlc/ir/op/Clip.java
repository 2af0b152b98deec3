package dev.zkmlc.ir.op;

/** min(max(x, min), max); infinite bounds mean no bound. */
public record Clip(double min, double max) implements UnaryOp {
    @Override
    public String opName() {
        return "clip";
    }

    @Override
    public double apply(double x) {
        return x < min ? min : (x > max ? max : x);
    }

    @Override
    public boolean piecewiseLinear() {
        return true;
    }
}
