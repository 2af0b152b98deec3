package dev.zkmlc.optimizer.pass;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Node;
import dev.zkmlc.ir.Output;
import java.util.HashMap;
import java.util.Map;

/** How many times each value is read, counting graph outputs as readers. */
final class UseCounts {
    private final Map<String, Integer> counts = new HashMap<>();

    UseCounts(Graph graph) {
        for (Node n : graph.nodes()) {
            for (String in : n.inputs()) {
                counts.merge(in, 1, Integer::sum);
            }
        }
        for (Output out : graph.outputs()) {
            counts.merge(out.name(), 1, Integer::sum);
        }
    }

    boolean usedOnce(String value) {
        return counts.getOrDefault(value, 0) == 1;
    }
}
