package dev.zkmlc.ir.op;

/** The largest integer not above x. */
public record Floor() implements UnaryOp {
    @Override
    public String opName() {
        return "floor";
    }

    @Override
    public double apply(double x) {
        return StrictMath.floor(x);
    }
}
