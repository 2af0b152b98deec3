package dev.zkmlc.ir.op;

/** e^x. */
public record Exp() implements UnaryOp {
    @Override
    public String opName() {
        return "exp";
    }

    @Override
    public double apply(double x) {
        return StrictMath.exp(x);
    }
}
