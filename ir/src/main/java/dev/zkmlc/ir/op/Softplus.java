package dev.zkmlc.ir.op;

/** log(1 + e^x). */
public record Softplus() implements UnaryOp {
    @Override
    public String opName() {
        return "softplus";
    }

    @Override
    public double apply(double x) {
        return x > 30 ? x : StrictMath.log1p(StrictMath.exp(x));
    }
}
