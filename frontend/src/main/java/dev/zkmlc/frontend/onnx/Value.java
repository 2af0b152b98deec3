package dev.zkmlc.frontend.onnx;

import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;

/** What an ONNX value name stands for during the import: a known constant, or an IR value. */
sealed interface Value permits Value.Const, Value.Dyn {
    Shape shape();

    ElemKind kind();

    /** A value known at import time (initializers, constants, and everything folded from them). */
    record Const(Tensor tensor, ElemKind kind) implements Value {
        @Override
        public Shape shape() {
            return tensor.shape();
        }
    }

    /** A value computed at run time: the IR value {@code name}. */
    record Dyn(String name, Shape shape, ElemKind kind) implements Value {}
}
