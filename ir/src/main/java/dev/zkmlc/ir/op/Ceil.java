package dev.zkmlc.ir.op;

/** The smallest integer not below x. */
public record Ceil() implements UnaryOp {
    @Override
    public String opName() {
        return "ceil";
    }

    @Override
    public double apply(double x) {
        return StrictMath.ceil(x);
    }
}
