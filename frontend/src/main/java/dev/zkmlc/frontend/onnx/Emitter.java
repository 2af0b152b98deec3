package dev.zkmlc.frontend.onnx;

import dev.zkmlc.ir.GraphBuilder;
import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.SourceLocation;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.TensorType;
import dev.zkmlc.ir.op.Op;
import dev.zkmlc.ir.op.Reshape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the ops one ONNX node maps to into IR nodes. Operations on constants are folded at once;
 * the others are held until the node is done, so that the IR value an ONNX output names can take
 * exactly that name (and the intermediate values of a decomposition get derived names).
 */
final class Emitter {
    private static final String PENDING = "\u0000pending:";
    /** The largest constant the importer computes itself (16 Mi elements, 128 MiB of doubles). */
    static final int MAX_FOLDED_ELEMENTS = 1 << 24;

    private final GraphBuilder builder;
    private final Map<Value.Const, String> materialized = new IdentityHashMap<>();
    private final Map<Value.Const, String> constantNames = new IdentityHashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private SourceLocation location = SourceLocation.UNKNOWN;
    private String hint = "v";
    private int counter;

    private record Pending(String token, Op op, List<String> operands, SourceLocation location, String hint) {}

    Emitter(GraphBuilder builder) {
        this.builder = builder;
    }

    GraphBuilder builder() {
        return builder;
    }

    /** Starts the IR nodes of one ONNX node. */
    void begin(SourceLocation nodeLocation, String nameHint) {
        pending.clear();
        location = nodeLocation;
        hint = nameHint == null || nameHint.isEmpty() ? "v" : nameHint;
    }

    /** Remembers the ONNX name of an initializer, to name its IR parameter after it. */
    void nameConstant(Value.Const c, String name) {
        constantNames.put(c, name);
    }

    /** The op applied to the operands: folded when they are all constant, else a new node. */
    Value apply(Op op, ElemKind kind, Value... operands) {
        boolean allConst = operands.length > 0;
        List<Tensor> tensors = new ArrayList<>();
        for (Value v : operands) {
            if (v instanceof Value.Const c) {
                tensors.add(c.tensor());
            } else {
                allConst = false;
            }
        }
        if (allConst && foldable(op, operands)) {
            Tensor folded = ConstantFolder.eval(op, tensors);
            if (folded != null) {
                return new Value.Const(folded, kind);
            }
        }
        List<String> names = new ArrayList<>();
        List<TensorType> types = new ArrayList<>();
        for (Value v : operands) {
            names.add(nameOf(v));
            types.add(new TensorType(v.kind().dtype(), v.shape()));
        }
        TensorType result = op.inferType(types);
        String token = PENDING + (counter++);
        pending.add(new Pending(token, op, names, location, hint));
        return new Value.Dyn(token, result.shape(), kind);
    }

    /** Folding makes the result an initializer: only worth it (and safe) while it stays small. */
    private static boolean foldable(Op op, Value[] operands) {
        List<TensorType> types = new ArrayList<>();
        for (Value v : operands) {
            types.add(new TensorType(v.kind().dtype(), v.shape()));
        }
        return op.inferType(types).shape().size() <= MAX_FOLDED_ELEMENTS;
    }

    /** The IR name of a value, adding a constant to the graph's parameters on first use. */
    String nameOf(Value v) {
        if (v instanceof Value.Dyn d) {
            return d.name();
        }
        Value.Const c = (Value.Const) v;
        String name = materialized.get(c);
        if (name == null) {
            name = unused(constantNames.getOrDefault(c, hint + "_const"));
            builder.initializer(name, c.tensor());
            materialized.put(c, name);
        }
        return name;
    }

    /**
     * Adds the held nodes to the graph. {@code wanted} maps a result (from {@link #apply}) to the
     * ONNX name it should take; returns the final IR names of held results.
     */
    Map<String, String> flush(Map<String, String> wanted) {
        Map<String, String> finalNames = new HashMap<>();
        for (Pending p : pending) {
            String want = wanted.get(p.token());
            String name;
            if (want != null && !want.isEmpty() && !builder.isDefined(want)) {
                name = want;
                List<String> operands = resolve(p.operands(), finalNames);
                builder.nodeNamed(p.op(), operands, name, p.location());
            } else {
                List<String> operands = resolve(p.operands(), finalNames);
                // Intermediate values of a decomposition are named after the ONNX output and their op.
                String base = want != null && !want.isEmpty() ? want : p.hint() + "/" + p.op().opName();
                name = builder.node(p.op(), operands, base, p.location());
            }
            finalNames.put(p.token(), name);
        }
        pending.clear();
        return finalNames;
    }

    /** Adds a copy of {@code v} named {@code name} (graph outputs keep their ONNX names). */
    String copyNamed(Value v, String name) {
        String source = nameOf(v);
        builder.nodeNamed(new Reshape(java.util.Arrays.stream(v.shape().dims()).boxed().toList()), List.of(source),
                name, location);
        return name;
    }

    /** {@code base}, or the first of {@code base_1}, {@code base_2}, ... not yet used. */
    private String unused(String base) {
        String candidate = base;
        for (int i = 1; builder.isDefined(candidate); i++) {
            candidate = base + "_" + i;
        }
        return candidate;
    }

    private static List<String> resolve(List<String> names, Map<String, String> finalNames) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String f = finalNames.get(n);
            if (f == null && n.startsWith(PENDING)) {
                throw new IrException("internal: unresolved value " + n);
            }
            out.add(f == null ? n : f);
        }
        return out;
    }

    static boolean isPending(String name) {
        return name.startsWith(PENDING);
    }
}
