package dev.zkmlc.ir.op;

/** a * b. */
public record Mul() implements BinaryOp {
    @Override
    public String opName() {
        return "mul";
    }

    @Override
    public double apply(double a, double b) {
        return a * b;
    }
}
