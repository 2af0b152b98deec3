package dev.zkmlc.ir.op;

import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.List;

/** alpha * op(A) @ op(B) + beta * C, with op a transpose when asked and C broadcast to [m, n]. */
public record Gemm(double alpha, double beta, boolean transA, boolean transB) implements Op {
    public static Gemm plain() {
        return new Gemm(1.0, 1.0, false, false);
    }

    @Override
    public String opName() {
        return "gemm";
    }

    @Override
    public int[] arity() {
        return new int[] {2, 3};
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        Shape a = operands.get(0).shape();
        Shape b = operands.get(1).shape();
        ShapeRules.requireRank("gemm", operands.get(0), 2);
        ShapeRules.requireRank("gemm", operands.get(1), 2);
        int m = transA ? a.dim(1) : a.dim(0);
        int ka = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (ka != kb) {
            throw new IrException("gemm: inner dimensions differ: " + a + " x " + b
                    + (transA ? " (A transposed)" : "") + (transB ? " (B transposed)" : ""));
        }
        Shape out = Shape.of(m, n);
        if (operands.size() == 3 && !ShapeRules.broadcast(operands.get(2).shape(), out).equals(out)) {
            throw new IrException("gemm: bias " + operands.get(2).shape() + " does not broadcast to " + out);
        }
        return ShapeRules.floats(out);
    }
}
