package dev.zkmlc.optimizer.search;

/** One line of {@code zkmlc layout}'s output: a candidate as one strategy saw it, and whether it chose it. */
public record CandidateRow(String strategy, boolean chosen, Evaluation evaluation) {}
