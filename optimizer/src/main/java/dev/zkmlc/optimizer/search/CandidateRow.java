package dev.zkmlc.optimizer.search;

/**
 * One line of {@code zkmlc layout}'s output: a candidate as one strategy saw it, and whether it chose it.
 *
 * @param plan the per-layer gadget plan the candidate was simulated on, as the plan search describes it (empty
 *             for the layout strategies, which all lay out the program with every layer's default gadgets)
 */
public record CandidateRow(String strategy, boolean chosen, Evaluation evaluation, String plan) {
    public CandidateRow(String strategy, boolean chosen, Evaluation evaluation) {
        this(strategy, chosen, evaluation, "");
    }
}
