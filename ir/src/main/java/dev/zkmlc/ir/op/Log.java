package dev.zkmlc.ir.op;

/** Natural logarithm. */
public record Log() implements UnaryOp {
    @Override
    public String opName() {
        return "log";
    }

    @Override
    public double apply(double x) {
        return StrictMath.log(x);
    }
}
