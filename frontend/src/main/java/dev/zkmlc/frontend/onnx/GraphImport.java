package dev.zkmlc.frontend.onnx;

import dev.zkmlc.frontend.onnx.proto.Onnx.GraphProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.ModelProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.NodeProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.OperatorSetIdProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.TensorProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.TensorShapeProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.ValueInfoProto;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.GraphBuilder;
import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.SourceLocation;
import dev.zkmlc.ir.TensorType;
import dev.zkmlc.ir.Visibility;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One import of one model: values, nodes in dependency order, problems collected on the way. */
final class GraphImport {
    private static final long MIN_OPSET = 7;
    private static final long MAX_OPSET = 21;

    private final ModelProto model;
    private final GraphProto graph;
    private final String file;
    private final OnnxImportOptions options;
    private final GraphBuilder builder;
    private final Emitter emitter;
    private final Map<String, Value> values = new HashMap<>();
    private final Set<String> failed = new HashSet<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Long> opsets = new HashMap<>();

    GraphImport(ModelProto model, String file, OnnxImportOptions options) {
        this.model = model;
        this.graph = model.getGraph();
        this.file = file;
        this.options = options;
        String name = graph.getName().isEmpty() ? stem(file) : graph.getName();
        this.builder = new GraphBuilder(name);
        this.emitter = new Emitter(builder);
    }

    Graph run() {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            String domain = o.getDomain().equals("ai.onnx") ? "" : o.getDomain();
            opsets.merge(domain, o.getVersion(), Math::max);
        }
        long opset = opsets.getOrDefault("", 0L);
        boolean usesDefaultDomain = graph.getNodeList().stream()
                .anyMatch(n -> n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx"));
        if (opset == 0 && usesDefaultDomain) {
            problems.add(file + ": the model imports no opset for the default ONNX domain");
            throw new OnnxImportException(file, problems);
        }
        if (opset != 0 && (opset < MIN_OPSET || opset > MAX_OPSET)) {
            problems.add(file + ": opset " + opset + " is not supported (zkmlc reads opsets " + MIN_OPSET + " to "
                    + MAX_OPSET + ")");
            throw new OnnxImportException(file, problems);
        }
        readInitializers();
        readInputs();
        List<String> outputNames = new ArrayList<>();
        for (ValueInfoProto v : graph.getOutputList()) {
            outputNames.add(v.getName());
        }
        List<NodeProto> nodes = dependencyOrder(graph.getNodeList());
        ModelView view = new ModelView(nodes, outputNames);
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto node = nodes.get(i);
            if (!view.isAbsorbed(node)) {
                importNode(node, i, view);
            }
        }
        readOutputs(outputNames);
        if (!problems.isEmpty()) {
            throw new OnnxImportException(file, problems);
        }
        try {
            return builder.build();
        } catch (IrException e) {
            throw new OnnxImportException(file + ": the imported graph is ill-formed: " + e.getMessage());
        }
    }

    private void readInitializers() {
        for (TensorProto t : graph.getInitializerList()) {
            try {
                Value.Const c = TensorDecoder.decode(t);
                values.put(t.getName(), c);
                emitter.nameConstant(c, t.getName());
            } catch (IllegalArgumentException e) {
                problems.add(file + ": initializer '" + t.getName() + "': " + e.getMessage());
                failed.add(t.getName());
            }
        }
        if (graph.getSparseInitializerCount() > 0) {
            problems.add(file + ": sparse initializers are not supported");
        }
    }

    private void readInputs() {
        for (ValueInfoProto in : graph.getInputList()) {
            if (values.containsKey(in.getName()) || failed.contains(in.getName())) {
                continue; // older exporters also list initializers as inputs
            }
            String where = file + ": input '" + in.getName() + "'";
            if (!in.getType().hasTensorType()) {
                problems.add(where + " is not a tensor");
                failed.add(in.getName());
                continue;
            }
            ElemKind kind = ElemKind.of(in.getType().getTensorType().getElemType());
            if (kind == null) {
                problems.add(where + " has element type "
                        + TensorDecoder.typeName(in.getType().getTensorType().getElemType()) + ", which is not supported");
                failed.add(in.getName());
                continue;
            }
            if (!in.getType().getTensorType().hasShape()) {
                problems.add(where + " has no shape");
                failed.add(in.getName());
                continue;
            }
            List<TensorShapeProto.Dimension> dims = in.getType().getTensorType().getShape().getDimList();
            int[] shape = new int[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                TensorShapeProto.Dimension d = dims.get(i);
                if (d.hasDimValue() && d.getDimValue() > 0) {
                    shape[i] = (int) Math.min(Integer.MAX_VALUE, d.getDimValue());
                } else {
                    // A symbolic (or unknown) extent: the batch axis takes --batch, any other 1.
                    shape[i] = i == 0 ? options.batchSize() : 1;
                }
            }
            Shape s = Shape.of(shape);
            builder.input(in.getName(), new TensorType(kind.dtype(), s), Visibility.PRIVATE);
            values.put(in.getName(), new Value.Dyn(in.getName(), s, kind));
        }
    }

    /** Nodes in an order where every value is defined before use (the file's order when it is one). */
    private List<NodeProto> dependencyOrder(List<NodeProto> nodes) {
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).getOutputList()) {
                if (!out.isEmpty()) {
                    producer.put(out, i);
                }
            }
        }
        int[] waiting = new int[nodes.size()];
        Map<Integer, List<Integer>> dependents = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Set<Integer> deps = new HashSet<>();
            for (String in : nodes.get(i).getInputList()) {
                Integer p = producer.get(in);
                if (p != null && p != i && !values.containsKey(in)) {
                    deps.add(p);
                }
            }
            waiting[i] = deps.size();
            for (int p : deps) {
                dependents.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
            }
        }
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        List<NodeProto> order = new ArrayList<>();
        boolean[] done = new boolean[nodes.size()];
        while (!ready.isEmpty()) {
            int i = ready.poll();
            done[i] = true;
            order.add(nodes.get(i));
            for (int d : dependents.getOrDefault(i, List.of())) {
                if (--waiting[d] == 0) {
                    ready.add(d);
                }
            }
        }
        Deque<Integer> cyclic = new ArrayDeque<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (!done[i]) {
                cyclic.add(i);
            }
        }
        if (!cyclic.isEmpty()) {
            problems.add(file + ": " + cyclic.size() + " nodes form a cycle (first: " + displayName(nodes.get(cyclic.peek()),
                    cyclic.peek()) + ")");
        }
        return order;
    }

    private void importNode(NodeProto node, int index, ModelView view) {
        String domain = node.getDomain().equals("ai.onnx") ? "" : node.getDomain();
        long opset = opsets.getOrDefault(domain, 0L);
        String name = displayName(node, index);
        SourceLocation loc = SourceLocation.onnxNode(file, name, node.getOpType(), opset);
        boolean inputsFailed = false;
        for (String in : node.getInputList()) {
            if (in.isEmpty()) {
                continue;
            }
            if (failed.contains(in)) {
                inputsFailed = true;
            } else if (!values.containsKey(in)) {
                problems.add(loc + ": input '" + in + "' is not defined");
                inputsFailed = true;
            }
        }
        boolean known = domain.isEmpty() && Operators.SUPPORTED.contains(node.getOpType());
        if (!domain.isEmpty()) {
            problems.add(loc + ": operators of domain '" + domain + "' are not supported");
        } else if (!known) {
            problems.add(loc + ": operator " + node.getOpType() + " is not supported");
        }
        if (inputsFailed || !known) {
            failed.addAll(node.getOutputList());
            return;
        }
        emitter.begin(loc, node.getOutputCount() > 0 ? node.getOutput(0) : name);
        NodeContext ctx = new NodeContext(node, opset, emitter, values, view);
        try {
            List<Value> results = Operators.convert(ctx);
            bind(node, ctx, results);
        } catch (Unsupported e) {
            problems.add(loc + ": " + e.getMessage());
            emitter.flush(Map.of());
            failed.addAll(node.getOutputList());
        } catch (IrException | IllegalArgumentException | IndexOutOfBoundsException e) {
            problems.add(loc + ": " + e.getMessage());
            emitter.flush(Map.of());
            failed.addAll(node.getOutputList());
        } catch (RuntimeException e) {
            // A malformed model must give a located message, never a stack trace.
            problems.add(loc + ": cannot be imported (" + e + ")");
            emitter.flush(Map.of());
            failed.addAll(node.getOutputList());
        }
    }

    private void bind(NodeProto node, NodeContext ctx, List<Value> results) {
        Map<String, Value> bindings = new LinkedHashMap<>(ctx.extraBindings);
        for (int i = 0; i < node.getOutputCount() && i < results.size(); i++) {
            if (!node.getOutput(i).isEmpty()) {
                bindings.putIfAbsent(node.getOutput(i), results.get(i));
            }
        }
        for (int i = results.size(); i < node.getOutputCount(); i++) {
            if (!node.getOutput(i).isEmpty() && ctx.outputUsed(i)) {
                throw new Unsupported("output " + i + " is not supported");
            }
        }
        Map<String, String> wanted = new HashMap<>();
        for (Map.Entry<String, Value> e : bindings.entrySet()) {
            if (e.getValue() instanceof Value.Dyn d && Emitter.isPending(d.name())) {
                wanted.putIfAbsent(d.name(), e.getKey());
            }
        }
        Map<String, String> finalNames = emitter.flush(wanted);
        for (Map.Entry<String, Value> e : bindings.entrySet()) {
            Value v = e.getValue();
            if (v instanceof Value.Dyn d && finalNames.containsKey(d.name())) {
                v = new Value.Dyn(finalNames.get(d.name()), d.shape(), d.kind());
            }
            values.put(e.getKey(), v);
        }
    }

    private void readOutputs(List<String> outputNames) {
        for (String name : outputNames) {
            Value v = values.get(name);
            if (v == null) {
                if (!failed.contains(name)) {
                    problems.add(file + ": output '" + name + "' is not computed by any node");
                }
                continue;
            }
            String irName;
            if (v instanceof Value.Dyn d && d.name().equals(name)) {
                irName = name;
            } else if (!builder.isDefined(name)) {
                emitter.begin(SourceLocation.of(file, 0, 0), name);
                irName = v instanceof Value.Const ? constantOutput((Value.Const) v, name) : emitter.copyNamed(v, name);
            } else {
                irName = emitter.nameOf(v);
            }
            builder.output(irName, Visibility.PUBLIC);
        }
    }

    private String constantOutput(Value.Const c, String name) {
        builder.initializer(name, c.tensor());
        return name;
    }

    private static String displayName(NodeProto node, int index) {
        if (!node.getName().isEmpty()) {
            return node.getName();
        }
        return node.getOutputCount() > 0 && !node.getOutput(0).isEmpty() ? node.getOutput(0) : node.getOpType() + "_" + index;
    }

    private static String stem(String file) {
        int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
        String base = file.substring(slash + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }
}
