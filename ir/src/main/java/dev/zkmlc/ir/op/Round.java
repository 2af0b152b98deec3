package dev.zkmlc.ir.op;

/** The nearest integer, halves to even (ONNX Round). */
public record Round() implements UnaryOp {
    @Override
    public String opName() {
        return "round";
    }

    @Override
    public double apply(double x) {
        return StrictMath.rint(x);
    }
}
