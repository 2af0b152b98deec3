package dev.zkmlc.frontend.dsl;

import dev.zkmlc.ir.Shape;
import java.util.List;

/**
 * What an expression evaluates to at compile time: a tensor of the graph, or a compile-time
 * number, boolean or list (shapes, axes, strides, and constants that become tensors when a tensor
 * is needed).
 */
sealed interface Value permits Value.TensorValue, Value.NumberValue, Value.BoolValue, Value.ListValue {
    /** For messages: "a tensor [1, 32]", "the integer 3". */
    String describe();

    /** A value of the graph under construction, identified by its draft id. */
    record TensorValue(int id, Shape shape) implements Value {
        @Override
        public String describe() {
            return "a tensor " + shape;
        }
    }

    record NumberValue(double value, boolean integral) implements Value {
        static NumberValue ofInt(long v) {
            return new NumberValue(v, true);
        }

        static NumberValue ofDouble(double v) {
            return new NumberValue(v, false);
        }

        @Override
        public String describe() {
            return integral ? "the integer " + (long) value : "the number " + value;
        }
    }

    record BoolValue(boolean value) implements Value {
        @Override
        public String describe() {
            return "the boolean " + value;
        }
    }

    record ListValue(List<Value> items) implements Value {
        public ListValue {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list of " + items.size() + (items.size() == 1 ? " item" : " items");
        }
    }
}
