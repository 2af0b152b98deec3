package dev.zkmlc.ir.op;

/** a / b. The fixed-point circuit supports a constant divisor only. */
public record Div() implements BinaryOp {
    @Override
    public String opName() {
        return "div";
    }

    @Override
    public double apply(double a, double b) {
        return a / b;
    }
}
