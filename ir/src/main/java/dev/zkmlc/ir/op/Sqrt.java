package dev.zkmlc.ir.op;

/** Square root. */
public record Sqrt() implements UnaryOp {
    @Override
    public String opName() {
        return "sqrt";
    }

    @Override
    public double apply(double x) {
        return StrictMath.sqrt(x);
    }
}
