package dev.zkmlc.optimizer.cost;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a cost model predicts for proving one circuit.
 *
 * @param provingSeconds estimated proving work in CPU seconds (wall clock on one core), witness generation included
 * @param peakMemoryBytes estimated peak heap while proving (the quotient phase, plus the SRS and key)
 * @param proofBytes estimated proof size
 * @param secondsByPhase where the time goes (ntt, msm, quotient, lookup, permutation, evaluation, witness), in
 *     a fixed order so that reports print deterministically
 */
public record CostEstimate(double provingSeconds, long peakMemoryBytes, long proofBytes, Map<String, Double> secondsByPhase) {
    public CostEstimate {
        secondsByPhase = Collections.unmodifiableMap(new LinkedHashMap<>(secondsByPhase));
    }
}
