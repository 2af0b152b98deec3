package dev.zkmlc.optimizer.strategy;

import dev.zkmlc.optimizer.search.LayoutEvaluator;
import dev.zkmlc.optimizer.search.SearchResult;

/**
 * Chooses a layout for one gadget program: asks the evaluator about candidates (each simulated by the
 * backend's dry run and scored by the cost model) and returns the one it prefers with the reason. Implement
 * it to try a new strategy; {@code zkmlc layout --strategy all} compares the built-in ones.
 */
public interface LayoutStrategy {
    /** A short stable name (CSV rows, reports). */
    String name();

    /** Throws {@link dev.zkmlc.optimizer.search.NoFeasibleLayoutException} when no candidate fits. */
    SearchResult search(LayoutEvaluator evaluator);
}
