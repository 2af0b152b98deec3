package dev.zkmlc.frontend.onnx;

import dev.zkmlc.frontend.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Who reads each ONNX value: the nodes that consume it, and whether the graph outputs it. */
final class ModelView {
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final Set<String> graphOutputs = new HashSet<>();
    private final Set<NodeProto> absorbed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    ModelView(List<NodeProto> nodes, List<String> outputs) {
        for (NodeProto n : nodes) {
            for (String in : n.getInputList()) {
                if (!in.isEmpty()) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                }
            }
        }
        graphOutputs.addAll(outputs);
    }

    boolean isUsed(String value) {
        return graphOutputs.contains(value) || consumers.containsKey(value);
    }

    /** The single node that reads {@code value}, or null when none, several, or the graph output it. */
    NodeProto soleConsumer(String value) {
        List<NodeProto> c = consumers.getOrDefault(value, List.of());
        return c.size() == 1 && !graphOutputs.contains(value) ? c.get(0) : null;
    }

    /** Marks a node as imported together with the node before it (BatchNormalization into Conv). */
    void absorb(NodeProto node) {
        absorbed.add(node);
    }

    boolean isAbsorbed(NodeProto node) {
        return absorbed.contains(node);
    }
}
