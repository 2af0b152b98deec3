package dev.zkmlc.ir;

import dev.zkmlc.ir.op.Op;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Assembles a graph step by step (the frontends' and passes' tool); {@link #build} verifies it.
 * Fresh value names are deterministic: the same sequence of calls gives the same names.
 */
public final class GraphBuilder {
    private final String name;
    private final List<Input> inputs = new ArrayList<>();
    private final Map<String, Tensor> initializers = new LinkedHashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();
    private final Set<String> used = new HashSet<>();
    private Visibility parameterVisibility = Visibility.PRIVATE;

    public GraphBuilder(String name) {
        this.name = name;
    }

    public String input(String inputName, TensorType type, Visibility visibility) {
        claim(inputName);
        inputs.add(new Input(inputName, type, visibility));
        return inputName;
    }

    public String initializer(String paramName, Tensor value) {
        claim(paramName);
        initializers.put(paramName, value);
        return paramName;
    }

    /** Adds a node whose output gets a fresh name derived from {@code hint}; returns that name. */
    public String node(Op op, List<String> operands, String hint, SourceLocation location) {
        String out = fresh(hint);
        nodes.add(new Node(out, op, operands, out, location));
        return out;
    }

    /** Adds a node whose output takes exactly {@code outputName}. */
    public String nodeNamed(Op op, List<String> operands, String outputName, SourceLocation location) {
        claim(outputName);
        nodes.add(new Node(outputName, op, operands, outputName, location));
        return outputName;
    }

    public void output(String value, Visibility visibility) {
        outputs.add(new Output(value, visibility));
    }

    public void parameterVisibility(Visibility visibility) {
        this.parameterVisibility = visibility;
    }

    public boolean isDefined(String valueName) {
        return used.contains(valueName);
    }

    /** A name not used yet: {@code hint}, or {@code hint_1}, {@code hint_2}, ... */
    public String fresh(String hint) {
        String base = hint == null || hint.isEmpty() ? "v" : hint;
        String candidate = base;
        for (int i = 1; used.contains(candidate); i++) {
            candidate = base + "_" + i;
        }
        used.add(candidate);
        return candidate;
    }

    private void claim(String valueName) {
        if (!used.add(valueName)) {
            throw new IrException("value '" + valueName + "' is defined more than once");
        }
    }

    public Graph build() {
        return Graph.of(name, inputs, initializers, nodes, outputs, parameterVisibility);
    }
}
