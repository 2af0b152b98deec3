package dev.zkmlc.ir.op;

/** a - b. */
public record Sub() implements BinaryOp {
    @Override
    public String opName() {
        return "sub";
    }

    @Override
    public double apply(double a, double b) {
        return a - b;
    }
}
