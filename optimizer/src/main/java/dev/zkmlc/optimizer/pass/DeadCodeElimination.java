package dev.zkmlc.optimizer.pass;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Node;
import dev.zkmlc.ir.Output;
import dev.zkmlc.ir.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Removes nodes and initializers that no output depends on. Graph inputs always stay. */
public final class DeadCodeElimination implements GraphPass {
    @Override
    public String name() {
        return "dce";
    }

    @Override
    public Graph run(Graph graph) {
        Set<String> live = new HashSet<>();
        for (Output out : graph.outputs()) {
            live.add(out.name());
        }
        List<Node> kept = new ArrayList<>();
        List<Node> nodes = graph.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (live.contains(n.output())) {
                kept.add(n);
                live.addAll(n.inputs());
            }
        }
        Collections.reverse(kept);
        Map<String, Tensor> inits = new LinkedHashMap<>();
        graph.initializers().forEach((name, t) -> {
            if (live.contains(name)) {
                inits.put(name, t);
            }
        });
        if (kept.size() == nodes.size() && inits.size() == graph.initializers().size()) {
            return graph;
        }
        return graph.with(inits, kept, graph.outputs());
    }
}
