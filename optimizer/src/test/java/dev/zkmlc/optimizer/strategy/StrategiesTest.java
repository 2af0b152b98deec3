package dev.zkmlc.optimizer.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.optimizer.cost.CostProfile;
import dev.zkmlc.optimizer.cost.DefaultCostModel;
import dev.zkmlc.optimizer.search.Evaluation;
import dev.zkmlc.optimizer.search.LayoutEvaluator;
import dev.zkmlc.optimizer.search.NoFeasibleLayoutException;
import dev.zkmlc.optimizer.search.Programs;
import dev.zkmlc.optimizer.search.SearchResult;
import dev.zkmlc.optimizer.search.SearchSpace;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrategiesTest {
    private static final GadgetProgram THREE_LAYERS = Programs.dense(3, 24, 1000);

    private static LayoutEvaluator evaluator(GadgetProgram p) {
        return new LayoutEvaluator(p, new Halo2StyleBackend(), new DefaultCostModel(CostProfile.defaults()),
                LayoutEvaluator.Limits.defaults());
    }

    @Test
    void levelZeroIsTheBackendsDefaultLayout() {
        SearchResult r = Strategies.forLevel(0).search(evaluator(THREE_LAYERS));
        assertEquals(LayoutOptions.defaults(), r.chosen().options());
        assertEquals(1, r.considered().size());
    }

    @Test
    void minCostChoosesTheCheapestFeasibleCandidateAndBeatsTheDefault() {
        LayoutEvaluator ev = evaluator(THREE_LAYERS);
        SearchResult o2 = Strategies.forLevel(2).search(ev);
        for (Evaluation e : o2.considered()) {
            assertTrue(o2.chosen().seconds() <= e.seconds(), e.options() + " is cheaper than the choice");
        }
        double o0 = Strategies.forLevel(0).search(ev).chosen().seconds();
        assertTrue(o0 / o2.chosen().seconds() >= 1.5, "O0 " + o0 + " s, O2 " + o2.chosen().seconds() + " s");
        assertTrue(o2.reason().contains("least estimated proving time"), o2.reason());
    }

    @Test
    void theWideSearchIsNoWorseThanTheStandardOne() {
        LayoutEvaluator ev = evaluator(THREE_LAYERS);
        double o2 = Strategies.forLevel(2).search(ev).chosen().seconds();
        double o3 = Strategies.forLevel(3).search(ev).chosen().seconds();
        assertTrue(o3 <= o2, "O3 " + o3 + " s, O2 " + o2 + " s");
    }

    @Test
    void minRowsHasTheLeastK() {
        LayoutEvaluator ev = evaluator(THREE_LAYERS);
        SearchResult r = Strategies.byName("min-rows", SearchSpace.standard()).search(ev);
        for (Evaluation e : r.considered()) {
            if (e.isFeasible()) {
                assertTrue(r.chosen().stats().k() <= e.stats().k());
            }
        }
    }

    @Test
    void zkmlTiesTheTableToK() {
        SearchResult r = Strategies.byName("zkml", SearchSpace.standard()).search(evaluator(THREE_LAYERS));
        for (Evaluation e : r.considered()) {
            if (e.isFeasible()) {
                assertTrue(e.options().tableBits() == Math.min(24, e.options().minK() - 2), e.options().toString());
            }
        }
    }

    @Test
    void candidatesTheBackendCannotLayOutAreRejectedNotChosen() {
        LayoutEvaluator ev = evaluator(THREE_LAYERS);
        SearchResult r = new MinCost(new SearchSpace(List.of(4, 12), List.of(8))).search(ev);
        Evaluation narrow = r.considered().get(0);
        assertFalse(narrow.isFeasible());
        assertTrue(narrow.rejection().contains("at least 5 advice columns"), narrow.rejection());
        assertEquals(12, r.chosen().options().width());
        NoFeasibleLayoutException none = assertThrows(NoFeasibleLayoutException.class,
                () -> new MinCost(new SearchSpace(List.of(4), List.of(8))).search(ev));
        assertTrue(none.getMessage().contains("W=4 table bits 8"), none.getMessage());
    }

    @Test
    void candidatesAboveTheRowLimitAreRejected() {
        SearchSpace space = new SearchSpace(List.of(5, 64), List.of(6));
        GadgetProgram p = Programs.dense(4, 32, 16);
        List<Evaluation> unlimited = MinCost.everyCandidate(space).search(evaluator(p)).considered();
        int wideK = unlimited.get(1).stats().k();
        assertTrue(unlimited.get(0).stats().k() > wideK, "five columns need more rows than 64");
        LayoutEvaluator ev = new LayoutEvaluator(p, new Halo2StyleBackend(),
                new DefaultCostModel(CostProfile.defaults()), new LayoutEvaluator.Limits(wideK, Long.MAX_VALUE));
        SearchResult r = new MinCost(space).search(ev);
        Evaluation narrow = r.considered().get(0);
        assertFalse(narrow.isFeasible());
        assertTrue(narrow.rejection().contains("above the limit " + wideK), narrow.rejection());
        assertEquals(64, r.chosen().options().width());
    }

    @Test
    void unknownStrategyNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Strategies.byName("fastest", SearchSpace.standard()));
        assertTrue(e.getMessage().contains("min-cost"), e.getMessage());
    }

    @Test
    void minCostSkipsOnlyWhatCannotWinAndChoosesAsTheFullSearch() {
        SearchSpace space = SearchSpace.standard();
        for (GadgetProgram p : List.of(THREE_LAYERS, Programs.dense(2, 256, 40))) {
            LayoutEvaluator ev = evaluator(p);
            SearchResult every = MinCost.everyCandidate(space).search(ev);
            SearchResult skipping = new MinCost(space).search(evaluator(p));
            assertEquals(every.chosen(), skipping.chosen());
            // Every candidate is listed; a skipped one without the segment alternatives a simulated one lists (they
            // share its floor, so none of them could win either).
            java.util.Map<LayoutOptions, Evaluation> byOptions = new java.util.HashMap<>();
            every.considered().forEach(e -> byOptions.put(e.options(), e));
            assertTrue(skipping.considered().stream().map(Evaluation::options).collect(java.util.stream.Collectors.toSet())
                    .containsAll(space.candidates()));
            for (Evaluation maybe : skipping.considered()) {
                Evaluation full = byOptions.get(maybe.options());
                if (maybe.isFeasible()) {
                    assertEquals(full, maybe);
                } else if (maybe.rejection().startsWith(MinCost.SKIPPED)) {
                    // A skipped candidate really was no better than the choice, and its floor was below its estimate.
                    assertTrue(full.seconds() > skipping.chosen().seconds(), full + " vs " + skipping.chosen());
                    assertTrue(ev.secondsFloor(full.options()) <= full.seconds(), full.toString());
                }
            }
        }
        long skipped = new MinCost(space).search(evaluator(Programs.dense(2, 256, 40))).considered().stream()
                .filter(e -> !e.isFeasible() && e.rejection().startsWith(MinCost.SKIPPED)).count();
        assertTrue(skipped > 0, "a dot-product-bound program has candidates that cannot win");
    }

    @Test
    void theCostFloorIsNeverAboveTheEstimate() {
        for (GadgetProgram p : List.of(THREE_LAYERS, Programs.dense(2, 64, 600), Programs.dense(1, 8, 40000))) {
            LayoutEvaluator ev = evaluator(p);
            assertEquals(Double.POSITIVE_INFINITY, ev.toBeat());
            for (LayoutOptions o : SearchSpace.standard().candidates()) {
                double floor = ev.secondsFloor(o);
                assertTrue(floor > 0 && floor <= ev.evaluate(o).seconds(), o + ": " + floor + " vs " + ev.evaluate(o));
            }
        }
    }

    @Test
    void theMemoryFloorIsNeverAboveTheEstimateAndABudgetBelowItRejectsWithoutADryRun() {
        DefaultCostModel model = new DefaultCostModel(CostProfile.defaults());
        Halo2StyleBackend backend = new Halo2StyleBackend();
        for (GadgetProgram p : List.of(THREE_LAYERS, Programs.dense(2, 64, 600), Programs.dense(1, 8, 40000))) {
            LayoutEvaluator ev = evaluator(p);
            for (LayoutOptions o : SearchSpace.standard().candidates()) {
                long floor = model.peakMemoryFloor(backend.statsFloor(p, o));
                long memory = ev.evaluate(o).cost().peakMemoryBytes();
                assertTrue(floor > 0 && floor <= memory, o + ": " + floor + " vs " + memory);
                Evaluation below = new LayoutEvaluator(p, backend, model, new LayoutEvaluator.Limits(26, floor - 1))
                        .evaluate(o);
                assertTrue(below.rejection().startsWith("needs at least"), below.rejection());
                Evaluation between = new LayoutEvaluator(p, backend, model, new LayoutEvaluator.Limits(26, memory - 1))
                        .evaluate(o);
                assertTrue(!between.isFeasible() && between.rejection().startsWith(floor == memory ? "needs at least"
                        : "needs about"), between.rejection());
            }
        }
    }
}
