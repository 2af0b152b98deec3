package dev.zkmlc.optimizer.lower;

import java.util.Map;
import java.util.TreeMap;

/**
 * The gadget chosen for each layer that has more than one way to be proved, by node name; a node not named
 * takes {@link TableImpl#FULL}. Immutable; {@link #with} returns a changed copy, so a search can try one
 * layer's alternative while keeping the rest.
 */
public record LoweringChoices(Map<String, TableImpl> tables) {
    public LoweringChoices {
        tables = Map.copyOf(tables);
    }

    /** Every layer with its default gadget (what -O0 and -O1 lower to). */
    public static LoweringChoices defaults() {
        return new LoweringChoices(Map.of());
    }

    public TableImpl table(String node) {
        return tables.getOrDefault(node, TableImpl.FULL);
    }

    public LoweringChoices with(String node, TableImpl impl) {
        Map<String, TableImpl> m = new TreeMap<>(tables);
        if (impl == TableImpl.FULL) {
            m.remove(node);
        } else {
            m.put(node, impl);
        }
        return new LoweringChoices(m);
    }

    /** The non-default choices in node-name order, e.g. {@code {sigmoid_1=TRIMMED}}. */
    @Override
    public String toString() {
        return new TreeMap<>(tables).toString();
    }
}
