package dev.zkmlc.ir.op;

/** max(0, min(1, alpha * x + beta)). */
public record HardSigmoid(double alpha, double beta) implements UnaryOp {
    @Override
    public String opName() {
        return "hard_sigmoid";
    }

    @Override
    public double apply(double x) {
        return StrictMath.max(0.0, StrictMath.min(1.0, alpha * x + beta));
    }

    @Override
    public boolean piecewiseLinear() {
        return true;
    }
}
