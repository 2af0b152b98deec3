package dev.zkmlc.optimizer.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.optimizer.cost.CostProfile;
import dev.zkmlc.optimizer.cost.DefaultCostModel;
import dev.zkmlc.optimizer.strategy.MinCost;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Dry runs prefetched on a pool change no result: the same candidates, in the same order, with the same counts. */
class LayoutEvaluatorTest {
    private static final GadgetProgram PROGRAM = Programs.dense(3, 12, 64);

    private static LayoutEvaluator evaluator(Map<LayoutOptions, DryRuns.Outcome> outcomes, ExecutorService pool) {
        return new LayoutEvaluator(PROGRAM, new Halo2StyleBackend(), new DefaultCostModel(CostProfile.defaults()),
                LayoutEvaluator.Limits.defaults(), outcomes, new java.util.concurrent.ConcurrentHashMap<>(),
                Double.POSITIVE_INFINITY, pool);
    }

    @Test
    void aSearchThatPrefetchesChoosesAndListsAsOneThatDoesNot() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            SearchResult sequential = new MinCost(SearchSpace.standard()).search(evaluator(new HashMap<>(), null));
            SearchResult prefetching = new MinCost(SearchSpace.standard()).search(evaluator(new HashMap<>(), pool));
            assertEquals(sequential.chosen(), prefetching.chosen());
            assertEquals(sequential.considered(), prefetching.considered());
            assertEquals(sequential.reason(), prefetching.reason());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPrefetchedDryRunIsTheDryRunAndIsReportedOnlyOnceAskedFor() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Map<LayoutOptions, DryRuns.Outcome> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
            LayoutEvaluator e = evaluator(outcomes, pool);
            LayoutOptions asked = LayoutOptions.defaults().withWidth(8);
            LayoutOptions never = LayoutOptions.defaults().withWidth(12);
            e.prefetch(asked);
            e.prefetch(never);
            Evaluation got = e.evaluate(asked);
            assertEquals(evaluator(new HashMap<>(), null).evaluate(asked), got);
            assertEquals(java.util.List.of(got), e.all());
            assertTrue(outcomes.containsKey(asked));
        } finally {
            pool.shutdownNow();
        }
    }
}
