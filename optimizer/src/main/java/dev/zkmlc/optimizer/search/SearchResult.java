package dev.zkmlc.optimizer.search;

import java.util.List;

/**
 * What a strategy chose and why.
 *
 * @param strategy the strategy's name
 * @param chosen the winning candidate (feasible)
 * @param considered every candidate the strategy looked at, feasible or not, in order
 * @param reason one sentence on why the winner won
 */
public record SearchResult(String strategy, Evaluation chosen, List<Evaluation> considered, String reason) {
    public SearchResult {
        considered = List.copyOf(considered);
        if (!chosen.isFeasible()) {
            throw new IllegalArgumentException("a search result must choose a feasible layout");
        }
    }
}
