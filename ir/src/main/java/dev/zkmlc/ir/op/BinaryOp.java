package dev.zkmlc.ir.op;

import dev.zkmlc.ir.TensorType;
import java.util.List;

/** An elementwise function of two operands with numpy-style broadcasting. */
public sealed interface BinaryOp extends Op permits Add, Sub, Mul, Div, Max, Min {
    double apply(double a, double b);

    @Override
    default int[] arity() {
        return new int[] {2, 2};
    }

    @Override
    default TensorType inferType(List<TensorType> operands) {
        return ShapeRules.floats(ShapeRules.broadcast(operands.get(0).shape(), operands.get(1).shape()));
    }
}
