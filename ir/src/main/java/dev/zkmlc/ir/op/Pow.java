package dev.zkmlc.ir.op;

/** x raised to a constant exponent. */
public record Pow(double exponent) implements UnaryOp {
    @Override
    public String opName() {
        return "pow";
    }

    @Override
    public double apply(double x) {
        return StrictMath.pow(x, exponent);
    }
}
