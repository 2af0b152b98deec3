package dev.zkmlc.frontend.dsl;

import dev.zkmlc.ir.op.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bound arguments of one builtin call, with conversions that report a mistake at the
 * argument that caused it.
 */
final class Args {
    private final String function;
    private final Loc callLoc;
    private final Map<String, Arg> args;
    private final Evaluator evaluator;

    Args(String function, Loc callLoc, Map<String, Arg> args, Evaluator evaluator) {
        this.function = function;
        this.callLoc = callLoc;
        this.args = args;
        this.evaluator = evaluator;
    }

    boolean has(String name) {
        return args.containsKey(name);
    }

    Value value(String name) {
        return arg(name).value();
    }

    Value.TensorValue tensor(String name) {
        Arg a = arg(name);
        return evaluator.asTensor(a.value(), a.loc());
    }

    /** A list of tensors (as concat takes), each given as a tensor or a constant list. */
    List<Value.TensorValue> tensors(String name) {
        Arg a = arg(name);
        if (!(a.value() instanceof Value.ListValue list) || list.items().isEmpty()) {
            throw fail(name, "a non-empty list of tensors, as in [a, b]");
        }
        List<Value.TensorValue> out = new ArrayList<>();
        for (Value v : list.items()) {
            out.add(evaluator.asTensor(v, a.loc()));
        }
        return out;
    }

    /** An integer argument; every one (axis, extent, stride, index) must fit in an int. */
    long integer(String name) {
        Value raw = value(name);
        Integer v = asInt(raw);
        if (v == null) {
            boolean tooLarge = raw instanceof Value.NumberValue n && n.integral();
            throw fail(name, tooLarge ? "an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE : "an integer");
        }
        return v;
    }

    int positive(String name) {
        long v = integer(name);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw fail(name, "a positive integer");
        }
        return (int) v;
    }

    double number(String name) {
        Value v = value(name);
        if (v instanceof Value.NumberValue n) {
            return n.value();
        }
        throw fail(name, "a number");
    }

    boolean bool(String name) {
        Value v = value(name);
        if (v instanceof Value.BoolValue b) {
            return b.value();
        }
        throw fail(name, "true or false");
    }

    /** An integer or a list of integers, as a list. */
    List<Integer> ints(String name) {
        Value v = value(name);
        Integer single = asInt(v);
        if (single != null) {
            return List.of(single);
        }
        List<Integer> out = intList(v);
        if (out == null) {
            throw fail(name, "an integer or a list of integers");
        }
        return out;
    }

    /** A list of integers (a shape, a permutation). */
    List<Integer> intList(String name) {
        List<Integer> out = intList(value(name));
        if (out == null) {
            throw fail(name, "a list of integers");
        }
        return out;
    }

    /** One value per spatial axis: an integer for all of them, or a list of {@code count}. */
    List<Integer> perAxis(String name, int count, int min) {
        Value v = value(name);
        List<Integer> out;
        Integer single = asInt(v);
        if (single != null) {
            out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                out.add(single);
            }
        } else {
            out = intList(v);
            if (out == null || out.size() != count) {
                throw fail(name, "an integer or a list of " + count + " integers");
            }
        }
        for (int x : out) {
            if (x < min) {
                throw fail(name, min == 0 ? "non-negative integers" : "integers of at least " + min);
            }
        }
        return out;
    }

    /**
     * Padding of {@code spatial} axes in the IR's order (all begins, then all ends): an integer
     * for every side, a list of {@code spatial} (same at both ends), or of {@code 2 * spatial}.
     */
    List<Integer> pads(String name, int spatial) {
        Value v = value(name);
        Integer single = asInt(v);
        List<Integer> given = single != null ? List.of(single) : intList(v);
        if (given == null || (given.size() != 1 && given.size() != spatial && given.size() != 2 * spatial)) {
            throw fail(name, "an integer, or a list of " + spatial + " or " + 2 * spatial + " integers");
        }
        for (int x : given) {
            if (x < 0) {
                throw fail(name, "non-negative padding");
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int side = 0; side < 2; side++) {
            for (int i = 0; i < spatial; i++) {
                out.add(given.size() == 1 ? given.get(0) : given.size() == spatial ? given.get(i) : given.get(side * spatial + i));
            }
        }
        return out;
    }

    Value.TensorValue node(Op op, List<Value.TensorValue> operands) {
        return evaluator.node(op, operands, function, callLoc);
    }

    DslException fail(String name, String expected) {
        Arg a = arg(name);
        return evaluator.error(a.loc(), "argument '" + name + "' of " + function + "() must be " + expected
                + ", got " + a.value().describe());
    }

    DslException error(String message) {
        return evaluator.error(callLoc, function + "(): " + message);
    }

    private Arg arg(String name) {
        Arg a = args.get(name);
        if (a == null) {
            throw new IllegalStateException("builtin " + function + " reads undeclared or absent argument " + name);
        }
        return a;
    }

    private static List<Integer> intList(Value v) {
        if (!(v instanceof Value.ListValue list)) {
            return null;
        }
        List<Integer> out = new ArrayList<>();
        for (Value item : list.items()) {
            Integer i = asInt(item);
            if (i == null) {
                return null;
            }
            out.add(i);
        }
        return out;
    }

    /** The value as an int, or null when it is not an integer that fits in one. */
    private static Integer asInt(Value v) {
        if (v instanceof Value.NumberValue n && n.integral() && Math.abs(n.value()) <= Integer.MAX_VALUE) {
            return (int) n.value();
        }
        return null;
    }
}
