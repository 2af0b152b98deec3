package dev.zkmlc.optimizer.strategy;

import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.optimizer.search.SearchSpace;
import java.util.List;

/** The built-in strategies, by name and by optimisation level. */
public final class Strategies {
    public static final List<String> NAMES = List.of("fixed", "min-rows", "min-cost", "zkml");

    private Strategies() {}

    /**
     * -O0 and -O1: the fixed default layout; -O2: least estimated cost over the standard space; -O3: over the
     * wide space.
     */
    public static LayoutStrategy forLevel(int level) {
        if (level <= 1) {
            return new FixedLayout(LayoutOptions.defaults());
        }
        return new MinCost(level == 2 ? SearchSpace.standard() : SearchSpace.wide());
    }

    /**
     * A built-in strategy over {@code space}, simulating every candidate (a comparison lists them all); throws
     * IllegalArgumentException naming the known ones.
     */
    public static LayoutStrategy byName(String name, SearchSpace space) {
        switch (name) {
            case "fixed":
                return new FixedLayout(LayoutOptions.defaults());
            case "min-rows":
                return new MinRows(space);
            case "min-cost":
                return MinCost.everyCandidate(space);
            case "zkml":
                return new ZkmlPerType(space.widths());
            default:
                throw new IllegalArgumentException("unknown layout strategy '" + name + "' (known: "
                        + String.join(", ", NAMES) + ", all)");
        }
    }

    /** Every built-in strategy over {@code space}, in {@link #NAMES} order. */
    public static List<LayoutStrategy> all(SearchSpace space) {
        return NAMES.stream().map(n -> byName(n, space)).toList();
    }
}
