package dev.zkmlc.ir.op;

/** a + b. */
public record Add() implements BinaryOp {
    @Override
    public String opName() {
        return "add";
    }

    @Override
    public double apply(double a, double b) {
        return a + b;
    }
}
