package dev.zkmlc.optimizer.cost;

import dev.zkmlc.circuit.backend.LayoutStats;

/**
 * Turns a simulated layout into a predicted proving cost. The optimizer's search only ever compares
 * estimates, so a model need be right about ratios more than absolute figures; implement this interface to
 * plug a different model into {@link dev.zkmlc.optimizer.search.LayoutEvaluator}.
 */
public interface CostModel {
    /** A short stable name for reports. */
    String name();

    CostEstimate estimate(LayoutStats stats);

    /**
     * A floor under {@code estimate(s).provingSeconds()} for every layout s whose counts are each at least
     * {@code floor}'s (k, rows, columns of each kind, lookups, equality columns, degree, cells), as a
     * backend's {@link dev.zkmlc.circuit.backend.Backend#statsFloor} gives; 0 (the default) when the model knows
     * none. A search skips a candidate whose floor is above the best estimate it has, so a model must never return
     * more than such a layout's estimate.
     */
    default double secondsFloor(LayoutStats floor) {
        return 0;
    }

    /**
     * A floor under {@code estimate(s).peakMemoryBytes()} for every such layout s, as {@link #secondsFloor} for the
     * time; 0 (the default) when the model knows none. A search rejects a candidate whose floor is above its memory
     * budget without simulating it.
     */
    default long peakMemoryFloor(LayoutStats floor) {
        return 0;
    }
}
