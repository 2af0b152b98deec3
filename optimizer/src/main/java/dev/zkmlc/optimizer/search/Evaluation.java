package dev.zkmlc.optimizer.search;

import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.backend.LayoutStats;
import dev.zkmlc.optimizer.cost.CostEstimate;

/**
 * One simulated candidate layout: either feasible, with the backend's dry-run counts and the cost model's
 * estimate, or rejected with the reason (a value that cannot fit its range check at these knobs, too many
 * rows, too much memory).
 */
public record Evaluation(LayoutOptions options, LayoutStats stats, CostEstimate cost, String rejection) {
    public static Evaluation feasible(LayoutOptions options, LayoutStats stats, CostEstimate cost) {
        return new Evaluation(options, stats, cost, null);
    }

    public static Evaluation rejected(LayoutOptions options, String reason) {
        return new Evaluation(options, null, null, reason);
    }

    public boolean isFeasible() {
        return rejection == null;
    }

    /** Estimated proving seconds; infinite for a rejected candidate, so it never wins a comparison. */
    public double seconds() {
        return isFeasible() ? cost.provingSeconds() : Double.POSITIVE_INFINITY;
    }
}
