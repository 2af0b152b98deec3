package dev.zkmlc.optimizer.pass;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Node;
import dev.zkmlc.ir.Output;
import dev.zkmlc.ir.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mutable scratchpad a pass edits before producing a new immutable graph: nodes in order,
 * initializers, and value renames (uses of a replaced value are redirected to its replacement).
 */
final class Rewriter {
    private final Graph source;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Tensor> initializers;
    private final Map<String, String> renames = new HashMap<>();
    private final Set<String> names = new HashSet<>();

    Rewriter(Graph source) {
        this.source = source;
        this.initializers = new LinkedHashMap<>(source.initializers());
        names.addAll(source.types().keySet());
    }

    Graph source() {
        return source;
    }

    /** The current name of a value, following renames. */
    String resolve(String value) {
        String v = value;
        while (renames.containsKey(v)) {
            v = renames.get(v);
        }
        return v;
    }

    void replaceUses(String oldValue, String newValue) {
        renames.put(oldValue, newValue);
    }

    void emit(Node node) {
        List<String> ins = new ArrayList<>();
        for (String in : node.inputs()) {
            ins.add(resolve(in));
        }
        nodes.add(new Node(node.name(), node.op(), ins, node.output(), node.location()));
    }

    boolean isConstant(String value) {
        return initializers.containsKey(resolve(value));
    }

    Tensor constant(String value) {
        return initializers.get(resolve(value));
    }

    /** Makes {@code value} a constant under its own name (its defining node must not be emitted). */
    void defineConstant(String value, Tensor tensor) {
        initializers.put(value, tensor);
    }

    boolean isGraphOutput(String value) {
        for (Output out : source.outputs()) {
            if (out.name().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** Adds a new initializer under a fresh name derived from {@code hint}. */
    String addConstant(String hint, Tensor value) {
        String candidate = hint;
        for (int i = 1; names.contains(candidate); i++) {
            candidate = hint + "_" + i;
        }
        names.add(candidate);
        initializers.put(candidate, value);
        return candidate;
    }

    Graph build() {
        List<Output> outputs = new ArrayList<>();
        for (Output out : source.outputs()) {
            outputs.add(new Output(resolve(out.name()), out.visibility()));
        }
        return new DeadCodeElimination().run(source.with(initializers, nodes, outputs));
    }
}
