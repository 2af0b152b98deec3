package dev.zkmlc.optimizer.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.backend.plonk.PlonkBackend;
import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.backend.LayoutStats;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.gadget.LookupTable;
import dev.zkmlc.optimizer.cost.CostProfile;
import dev.zkmlc.optimizer.cost.DefaultCostModel;
import dev.zkmlc.optimizer.search.Evaluation;
import dev.zkmlc.optimizer.search.LayoutEvaluator;
import dev.zkmlc.optimizer.search.SearchResult;
import dev.zkmlc.optimizer.search.SearchSpace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search's choice of table segments: where a wide table sets k, spreading it lowers k and the estimate. */
class TableSegmentsTest {
    /** 64 lookups into a table of 40,000 entries: the table, not the lookups, sets k. */
    private static GadgetProgram wideTable() {
        long[] values = new long[40_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i * 37L) % 201 - 100;
        }
        GadgetProgram.Builder b = GadgetProgram.builder("wide");
        int t = b.table(new LookupTable("f", -20_000, values));
        int[] x = b.input("x", new int[] {64}, false, new Interval(-20_000, 19_999));
        int[] y = b.lookup("wide.zk:2:5", t, x);
        b.output("y", new int[] {64}, y, true);
        return b.build();
    }

    private static LayoutEvaluator evaluator(Backend backend) {
        return new LayoutEvaluator(wideTable(), backend, new DefaultCostModel(CostProfile.defaults()),
                LayoutEvaluator.Limits.defaults());
    }

    @Test
    void minCostSpreadsAWideTableAndBeatsEveryOneSegmentLayout() {
        for (Backend backend : List.of(new Halo2StyleBackend(), PlonkBackend.withLookupTable())) {
            SearchResult r = Strategies.forLevel(2).search(evaluator(backend));
            Evaluation chosen = r.chosen();
            assertTrue(chosen.options().tableSegments() > 1, backend.name() + ": " + chosen);
            assertEquals(chosen.options().tableSegments(), chosen.stats().tableSegments());
            double bestOne = Double.POSITIVE_INFINITY;
            int oneK = 0;
            for (Evaluation e : r.considered()) {
                assertTrue(chosen.seconds() <= e.seconds(), e.options() + " is cheaper than the choice");
                if (e.isFeasible() && e.options().tableSegments() == 1 && e.seconds() < bestOne) {
                    bestOne = e.seconds();
                    oneK = e.stats().k();
                }
            }
            assertTrue(chosen.seconds() < bestOne, backend.name() + ": " + chosen.seconds() + " vs " + bestOne);
            assertTrue(chosen.stats().k() < oneK, backend.name() + ": k " + chosen.stats().k() + " vs " + oneK);
        }
    }

    @Test
    void eachAlternativeLowersKByOneUntilTheOtherRowsSetIt() {
        LayoutEvaluator ev = evaluator(new Halo2StyleBackend());
        Evaluation one = ev.evaluate(new LayoutOptions(8, 8, 0));
        List<LayoutOptions> alternatives = ev.segmentAlternatives(one);
        assertFalse(alternatives.isEmpty());
        int k = one.stats().k();
        int segments = 1;
        for (LayoutOptions o : alternatives) {
            Evaluation e = ev.evaluate(o);
            assertEquals(k - 1, e.stats().k(), o.toString());
            assertTrue(o.tableSegments() > segments);
            k = e.stats().k();
            segments = o.tableSegments();
        }
        LayoutOptions last = alternatives.get(alternatives.size() - 1);
        LayoutStats most = ev.evaluate(last.withTableSegments(LayoutOptions.MAX_TABLE_SEGMENTS)).stats();
        assertTrue(most.k() >= k - 1, "the alternatives stop one k short of what the most segments reach: " + most);
        assertEquals(List.of(), ev.segmentAlternatives(ev.evaluate(alternatives.get(0))), "only from one segment");
    }

    @Test
    void skippingChoosesAsSimulatingEveryCandidateAndAGivenCountIsKept() {
        for (Backend backend : List.of(new Halo2StyleBackend(), PlonkBackend.withLookupTable())) {
            SearchResult skipping = new MinCost(SearchSpace.standard()).search(evaluator(backend));
            SearchResult every = MinCost.everyCandidate(SearchSpace.standard()).search(evaluator(backend));
            assertEquals(every.chosen().options(), skipping.chosen().options(), backend.name());
            SearchResult three = new MinCost(SearchSpace.standard().withTableSegments(3)).search(evaluator(backend));
            for (Evaluation e : three.considered()) {
                assertEquals(3, e.options().tableSegments(), e.toString());
            }
            SearchResult fixed = new FixedLayout(LayoutOptions.defaults().withTableSegments(5)).search(evaluator(backend));
            assertEquals(5, fixed.chosen().stats().tableSegments());
        }
    }
}
