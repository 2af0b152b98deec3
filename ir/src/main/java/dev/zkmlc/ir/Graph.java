package dev.zkmlc.ir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model as a verified, immutable dataflow graph in SSA form: inputs, initializers (weights),
 * nodes in topological order, and outputs. Every value has a static type, computed when the graph
 * is made; {@link #of} refuses an ill-formed graph with every problem found, not just the first.
 */
public final class Graph {
    private final String name;
    private final List<Input> inputs;
    private final Map<String, Tensor> initializers;
    private final List<Node> nodes;
    private final List<Output> outputs;
    private final Visibility parameterVisibility;
    private final Map<String, TensorType> types;

    private Graph(String name, List<Input> inputs, Map<String, Tensor> initializers, List<Node> nodes,
            List<Output> outputs, Visibility parameterVisibility, Map<String, TensorType> types) {
        this.name = name;
        this.inputs = inputs;
        this.initializers = initializers;
        this.nodes = nodes;
        this.outputs = outputs;
        this.parameterVisibility = parameterVisibility;
        this.types = types;
    }

    /** Verifies the parts and makes the graph; throws {@link IrException} listing every problem. */
    public static Graph of(String name, List<Input> inputs, Map<String, Tensor> initializers, List<Node> nodes,
            List<Output> outputs, Visibility parameterVisibility) {
        List<Input> in = List.copyOf(inputs);
        Map<String, Tensor> init = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
        List<Node> ns = List.copyOf(nodes);
        List<Output> out = List.copyOf(outputs);
        GraphVerifier.Result result = GraphVerifier.check(in, init, ns, out);
        if (!result.problems().isEmpty()) {
            throw new IrException("ill-formed graph '" + name + "':\n  " + String.join("\n  ", result.problems()));
        }
        return new Graph(name, in, init, ns, out, parameterVisibility, Collections.unmodifiableMap(result.types()));
    }

    public String name() {
        return name;
    }

    public List<Input> inputs() {
        return inputs;
    }

    public Map<String, Tensor> initializers() {
        return initializers;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public List<Output> outputs() {
        return outputs;
    }

    public Visibility parameterVisibility() {
        return parameterVisibility;
    }

    /** The type of every value: inputs, initializers and node outputs. */
    public Map<String, TensorType> types() {
        return types;
    }

    public TensorType typeOf(String value) {
        TensorType t = types.get(value);
        if (t == null) {
            throw new IrException("no value named '" + value + "' in graph '" + name + "'");
        }
        return t;
    }

    /** Total number of weight elements. */
    public long parameterCount() {
        long n = 0;
        for (Tensor t : initializers.values()) {
            n += t.size();
        }
        return n;
    }

    /** A copy with other nodes, initializers and outputs (the shape of a pass's result). */
    public Graph with(Map<String, Tensor> newInitializers, List<Node> newNodes, List<Output> newOutputs) {
        return of(name, inputs, newInitializers, newNodes, newOutputs, parameterVisibility);
    }

    public Graph withVisibility(List<Input> newInputs, List<Output> newOutputs, Visibility newParameterVisibility) {
        return of(name, newInputs, initializers, nodes, newOutputs, newParameterVisibility);
    }

    @Override
    public String toString() {
        return GraphPrinter.print(this);
    }
}
