package dev.zkmlc.ir.op;

/** The sign of x: -1, 0 or 1 (ONNX Sign). The ONNX frontend builds comparisons from it. */
public record Sign() implements UnaryOp {
    @Override
    public String opName() {
        return "sign";
    }

    @Override
    public double apply(double x) {
        return StrictMath.signum(x);
    }

    @Override
    public boolean piecewiseLinear() {
        return true;
    }
}
