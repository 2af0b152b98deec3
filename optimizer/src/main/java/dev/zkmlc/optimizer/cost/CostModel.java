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
}
