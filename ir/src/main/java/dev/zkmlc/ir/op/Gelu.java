package dev.zkmlc.ir.op;

/** Gaussian error linear unit: exact (erf) form, or the tanh approximation. */
public record Gelu(boolean approximateTanh) implements UnaryOp {
    @Override
    public String opName() {
        return "gelu";
    }

    @Override
    public double apply(double x) {
        return approximateTanh
                ? 0.5 * x * (1.0 + StrictMath.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))
                : 0.5 * x * (1.0 + SpecialFunctions.erf(x / StrictMath.sqrt(2.0)));
    }
}
