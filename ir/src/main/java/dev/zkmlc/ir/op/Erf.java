package dev.zkmlc.ir.op;

/** The Gauss error function. */
public record Erf() implements UnaryOp {
    @Override
    public String opName() {
        return "erf";
    }

    @Override
    public double apply(double x) {
        return SpecialFunctions.erf(x);
    }
}
