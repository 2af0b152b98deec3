package dev.zkmlc.ir.op;

/** x for x >= 0, alpha * x otherwise. */
public record LeakyRelu(double alpha) implements UnaryOp {
    @Override
    public String opName() {
        return "leaky_relu";
    }

    @Override
    public double apply(double x) {
        return x >= 0 ? x : alpha * x;
    }

    @Override
    public boolean piecewiseLinear() {
        return true;
    }
}
