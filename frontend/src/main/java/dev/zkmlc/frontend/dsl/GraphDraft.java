package dev.zkmlc.frontend.dsl;

import dev.zkmlc.ir.DType;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.GraphBuilder;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.SourceLocation;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.TensorType;
import dev.zkmlc.ir.Visibility;
import dev.zkmlc.ir.op.Op;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The graph while a model is being evaluated. Values are numbered; names are given only at the
 * end, so that the value a top-level {@code let h = ...} binds is called exactly {@code h} even
 * though its node was made before the binding was known, and generated names never take a name the
 * program declares.
 */
final class GraphDraft {
    private enum Kind { INPUT, PARAM, CONSTANT, NODE }

    private static final class Entry {
        final Kind kind;
        final Shape shape;
        final String hint;
        final TensorType inputType;
        final Visibility visibility;
        final Tensor tensor;
        final Op op;
        final List<Integer> operands;
        final SourceLocation location;
        String label;

        Entry(Kind kind, Shape shape, String hint, TensorType inputType, Visibility visibility, Tensor tensor, Op op,
                List<Integer> operands, SourceLocation location) {
            this.kind = kind;
            this.shape = shape;
            this.hint = hint;
            this.inputType = inputType;
            this.visibility = visibility;
            this.tensor = tensor;
            this.op = op;
            this.operands = operands;
            this.location = location;
        }
    }

    private record PendingOutput(int id, Visibility visibility) {}

    private final List<Entry> entries = new ArrayList<>();
    private final List<PendingOutput> outputs = new ArrayList<>();

    Value.TensorValue input(String name, Shape shape, Visibility visibility) {
        Entry e = add(new Entry(Kind.INPUT, shape, name, new TensorType(DType.FLOAT, shape), visibility, null, null,
                List.of(), null));
        e.label = name;
        return value(entries.size() - 1);
    }

    Value.TensorValue param(String name, Tensor tensor) {
        Entry e = add(new Entry(Kind.PARAM, tensor.shape(), name, null, null, tensor, null, List.of(), null));
        e.label = name;
        return value(entries.size() - 1);
    }

    Value.TensorValue constant(Tensor tensor) {
        add(new Entry(Kind.CONSTANT, tensor.shape(), "const", null, null, tensor, null, List.of(), null));
        return value(entries.size() - 1);
    }

    /** Adds a node after checking its operands with the op's own type rule (which may throw IrException). */
    Value.TensorValue node(Op op, List<Value.TensorValue> operands, String hint, SourceLocation location) {
        List<TensorType> types = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (Value.TensorValue v : operands) {
            types.add(new TensorType(DType.FLOAT, v.shape()));
            ids.add(v.id());
        }
        Shape shape = op.inferType(types).shape();
        add(new Entry(Kind.NODE, shape, hint, null, null, null, op, ids, location));
        return value(entries.size() - 1);
    }

    /** Names a value after a top-level binding, unless it already has a declared name. */
    void label(Value.TensorValue v, String name) {
        Entry e = entries.get(v.id());
        if (e.label == null) {
            e.label = name;
        }
    }

    /**
     * Names a value after an output: the output's name wins over a let's, so that
     * {@code output y = h} exposes {@code y}; inputs and parameters keep their own names.
     */
    void labelOutput(Value.TensorValue v, String name) {
        Entry e = entries.get(v.id());
        if (e.kind == Kind.NODE) {
            e.label = name;
        } else {
            label(v, name);
        }
    }

    void output(Value.TensorValue v, Visibility visibility) {
        outputs.add(new PendingOutput(v.id(), visibility));
    }

    /** The name under which {@code v} is already an output, or null. */
    String outputName(Value.TensorValue v) {
        for (PendingOutput o : outputs) {
            if (o.id() == v.id()) {
                return entries.get(v.id()).label;
            }
        }
        return null;
    }

    boolean hasOutputs() {
        return !outputs.isEmpty();
    }

    Graph build(String modelName, Visibility parameterVisibility) {
        GraphBuilder b = new GraphBuilder(modelName);
        b.parameterVisibility(parameterVisibility);
        Set<String> declared = new HashSet<>();
        for (Entry e : entries) {
            if (e.label != null) {
                declared.add(e.label);
            }
        }
        String[] names = new String[entries.size()];
        Set<String> taken = new HashSet<>(declared);
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            String name = e.label != null ? e.label : fresh(e.hint, taken);
            names[i] = name;
            switch (e.kind) {
                case INPUT:
                    b.input(name, e.inputType, e.visibility);
                    break;
                case PARAM:
                case CONSTANT:
                    b.initializer(name, e.tensor);
                    break;
                default:
                    List<String> operands = new ArrayList<>();
                    for (int id : e.operands) {
                        operands.add(names[id]);
                    }
                    b.nodeNamed(e.op, operands, name, e.location);
                    break;
            }
        }
        for (PendingOutput o : outputs) {
            b.output(names[o.id()], o.visibility());
        }
        return b.build();
    }

    private static String fresh(String hint, Set<String> taken) {
        String candidate = hint;
        for (int i = 1; taken.contains(candidate); i++) {
            candidate = hint + "_" + i;
        }
        taken.add(candidate);
        return candidate;
    }

    private Entry add(Entry e) {
        entries.add(e);
        return e;
    }

    private Value.TensorValue value(int id) {
        return new Value.TensorValue(id, entries.get(id).shape);
    }
}
