package dev.zkmlc.ir.op;

import dev.zkmlc.ir.TensorType;
import java.util.List;

/**
 * An elementwise function of one operand. {@link #apply} is its exact float definition: the float
 * interpreter evaluates it, and lookup tables for the fixed-point circuit are built from it, using
 * only {@link StrictMath} so that tables are identical on every JVM.
 */
public sealed interface UnaryOp extends Op
        permits Relu, LeakyRelu, Sigmoid, Tanh, Gelu, Erf, Exp, Log, Sqrt, Reciprocal, Neg, Abs, Clip,
                Pow, HardSigmoid, Softplus, Sign, Floor, Ceil, Round, Sin, Cos, Tan, Asin, Acos, Atan {
    double apply(double x);

    /** True when the function is piecewise linear, so the circuit can compute it by comparison. */
    default boolean piecewiseLinear() {
        return false;
    }

    @Override
    default int[] arity() {
        return new int[] {1, 1};
    }

    @Override
    default TensorType inferType(List<TensorType> operands) {
        return operands.get(0);
    }
}
