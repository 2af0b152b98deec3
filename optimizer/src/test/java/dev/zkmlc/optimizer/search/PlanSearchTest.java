package dev.zkmlc.optimizer.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.backend.plonk.PlonkBackend;
import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.GraphBuilder;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.SourceLocation;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.TensorType;
import dev.zkmlc.ir.Visibility;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.fixed.TableSpec;
import dev.zkmlc.ir.op.Gemm;
import dev.zkmlc.ir.op.Sigmoid;
import dev.zkmlc.optimizer.cost.CostProfile;
import dev.zkmlc.optimizer.cost.DefaultCostModel;
import dev.zkmlc.optimizer.lower.GadgetChoice;
import dev.zkmlc.optimizer.lower.Lowering;
import dev.zkmlc.optimizer.strategy.LayoutStrategy;
import dev.zkmlc.optimizer.strategy.MinCost;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The plan search on a dense layer followed by a sigmoid over a wide (2^15-row) table: the per-layer choices, the
 * backends and the memory budget.
 */
class PlanSearchTest {
    private static final int S = 10;

    private static Graph graph() {
        GraphBuilder gb = new GraphBuilder("t");
        String x = gb.input("x", TensorType.floats(1, 8), Visibility.PUBLIC);
        double[] w = new double[32];
        for (int i = 0; i < w.length; i++) {
            w[i] = ((i * 7) % 11 - 5) / 8.0;
        }
        String h = gb.node(Gemm.plain(), List.of(x, gb.initializer("w", new Tensor(Shape.of(8, 4), w))), "fc",
                SourceLocation.of("t.zk", 1, 1));
        String y = gb.node(new Sigmoid(), List.of(h), "sig", SourceLocation.of("t.zk", 2, 1));
        gb.output(y, Visibility.PUBLIC);
        gb.parameterVisibility(Visibility.FIXED);
        return gb.build();
    }

    private static FixedPointPlan plan(Graph g) {
        Map<String, Integer> scales = new LinkedHashMap<>();
        for (String v : g.types().keySet()) {
            scales.put(v, S);
        }
        return new FixedPointPlan(scales, S, 24,
                Map.of(g.outputs().get(0).name(), new TableSpec(-(16L << S), 16L << S, S, S)));
    }

    private static PlanSearch search(boolean perLayer, LayoutEvaluator.Limits limits) {
        Graph g = graph();
        FixedPointPlan plan = plan(g);
        return new PlanSearch(c -> Lowering.lowerWith(g, plan, c), PlanSearchTest::strategy,
                new DefaultCostModel(CostProfile.defaults()), limits, perLayer);
    }

    /** The table in one segment: these tests weigh the table's trimming, which segments would make cheap anyway. */
    private static LayoutStrategy strategy(Backend b) {
        return b instanceof PlonkBackend ? new MinCost(new SearchSpace(List.of(3), List.of(8, 10, 12), 1))
                : new MinCost(SearchSpace.standard().withTableSegments(1));
    }

    @Test
    void theSearchTrimsTheWideSaturatingTableAndBeatsEveryDefaultPlan() {
        PlanSearch.Plan p = search(true, LayoutEvaluator.Limits.defaults()).search(List.of(new Halo2StyleBackend()));
        PlanSearch.LayerDecision table = p.layers().stream()
                .filter(d -> d.point().kind() == GadgetChoice.Kind.TABLE).findFirst().orElseThrow();
        assertEquals(GadgetChoice.TRIMMED_TABLE, table.chosen());
        assertTrue(table.secondsByOption().get(GadgetChoice.TRIMMED_TABLE)
                < table.secondsByOption().get(GadgetChoice.FULL_TABLE), table.toString());
        double defaults = p.trials().get(0).seconds();
        assertEquals("defaults", p.trials().get(0).change());
        assertTrue(p.layout().chosen().seconds() < defaults / 2, p.why());
        assertTrue(p.lowered().program().tables().get(0).size() < (32 << S) / 2);
    }

    @Test
    void theWideDescentLaysOutEveryFlipAgainAndIsNoWorse() {
        Graph g = graph();
        java.util.function.Function<Backend, LayoutStrategy> small = b -> new MinCost(
                new SearchSpace(List.of(6, 12, 24), List.of(8, 10)));
        List<PlanSearch.Plan> plans = new java.util.ArrayList<>();
        for (PlanSearch.Depth depth : PlanSearch.Depth.values()) {
            plans.add(new PlanSearch(c -> Lowering.lowerWith(g, plan(g), c), small,
                    new DefaultCostModel(CostProfile.defaults()), LayoutEvaluator.Limits.defaults(), true, depth)
                    .search(List.of(new Halo2StyleBackend())));
        }
        PlanSearch.Plan standard = plans.get(0);
        PlanSearch.Plan wide = plans.get(1);
        assertTrue(wide.layout().chosen().seconds() <= standard.layout().chosen().seconds(), wide.why());
        assertTrue(wide.trials().stream().filter(t -> t.result() != null)
                .allMatch(t -> t.result().strategy().equals("min-cost")), "every wide trial is a full search");
    }

    @Test
    void withoutPerLayerChoicesEveryLayerKeepsItsDefault() {
        PlanSearch.Plan p = search(false, LayoutEvaluator.Limits.defaults()).search(List.of(new Halo2StyleBackend()));
        assertTrue(p.layers().isEmpty());
        assertEquals(1, p.trials().size());
        assertEquals(32 * 1024 + 1, p.lowered().program().tables().get(0).size());
    }

    @Test
    void theCheapestBackendWinsAndEveryBackendIsTried() {
        List<Backend> backends = List.of(new Halo2StyleBackend(), PlonkBackend.withLookupTable(), PlonkBackend.vanilla());
        PlanSearch.Plan p = search(true, LayoutEvaluator.Limits.defaults()).search(backends);
        for (Backend b : backends) {
            double best = p.trials().stream().filter(t -> t.backend().equals(b.name()))
                    .mapToDouble(PlanSearch.Trial::seconds).min().orElseThrow();
            assertTrue(p.layout().chosen().seconds() <= best, b.name() + " " + best + " vs " + p.why());
        }
        assertTrue(p.why().startsWith(p.backend().name() + ":"), p.why());
    }

    @Test
    void aMemoryBudgetBelowEveryCandidateIsRefusedWithTheReasons() {
        NoFeasibleLayoutException e = assertThrows(NoFeasibleLayoutException.class,
                () -> search(true, new LayoutEvaluator.Limits(26, 1 << 20)).search(List.of(new Halo2StyleBackend())));
        assertTrue(e.getMessage().contains("MiB, above the limit 1 MiB"), e.getMessage());
    }

    @Test
    void searchingAgainWithoutTheBudgetReusesEveryDryRunAndChoosesAsAFreshSearch() {
        List<Backend> backends = List.of(new Halo2StyleBackend(), PlonkBackend.withLookupTable());
        PlanSearch budgeted = search(true, new LayoutEvaluator.Limits(26, 1 << 20));
        assertThrows(NoFeasibleLayoutException.class, () -> budgeted.search(backends));
        int first = budgeted.dryRunCount();
        PlanSearch again = budgeted.withLimits(LayoutEvaluator.Limits.defaults());
        PlanSearch.Plan retried = again.search(backends);
        PlanSearch freshSearch = search(true, LayoutEvaluator.Limits.defaults());
        PlanSearch.Plan fresh = freshSearch.search(backends);

        assertEquals(fresh.backend().name(), retried.backend().name());
        assertEquals(fresh.layout().chosen(), retried.layout().chosen());
        assertEquals(fresh.layers(), retried.layers());
        assertTrue(first > 0);
        // The budgeted search simulated only layouts the unbudgeted one needs too: the retry added none twice.
        assertEquals(freshSearch.dryRunCount(), again.dryRunCount());
    }

    /** A wide dense layer: 64 x 48 products, which wide rows take many to a row and PLONK's three wires one. */
    private static PlanSearch wideLayerSearch() {
        GraphBuilder gb = new GraphBuilder("wide");
        String x = gb.input("x", TensorType.floats(1, 64), Visibility.PUBLIC);
        double[] w = new double[64 * 48];
        for (int i = 0; i < w.length; i++) {
            w[i] = ((i * 7) % 11 - 5) / 8.0;
        }
        String h = gb.node(Gemm.plain(), List.of(x, gb.initializer("w", new Tensor(Shape.of(64, 48), w))), "fc",
                SourceLocation.of("t.zk", 1, 1));
        gb.output(h, Visibility.PUBLIC);
        gb.parameterVisibility(Visibility.PRIVATE);
        Graph g = gb.build();
        Map<String, Integer> scales = new LinkedHashMap<>();
        for (String v : g.types().keySet()) {
            scales.put(v, S);
        }
        FixedPointPlan plan = new FixedPointPlan(scales, S, 24, Map.of());
        return new PlanSearch(c -> Lowering.lowerWith(g, plan, c), PlanSearchTest::strategy,
                new DefaultCostModel(CostProfile.defaults()), LayoutEvaluator.Limits.defaults(), true);
    }

    @Test
    void aBackendFarBehindTheBestStartKeepsItsStartAndEveryOtherDescends() {
        List<Backend> backends = List.of(new Halo2StyleBackend(), PlonkBackend.withLookupTable(), PlonkBackend.vanilla());
        PlanSearch.Plan p = wideLayerSearch().search(backends);
        Map<String, Double> starts = new LinkedHashMap<>();
        for (PlanSearch.Trial t : p.trials()) {
            if (List.of("defaults", "every layer's alternative", "every range check in bits").contains(t.change())) {
                starts.merge(t.backend(), t.seconds(), Math::min);
            }
        }
        double best = starts.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        int hopeless = 0;
        for (Backend b : backends) {
            boolean flipped = p.trials().stream().anyMatch(t -> t.backend().equals(b.name()) && t.change().contains(": "));
            boolean far = starts.get(b.name()) > PlanSearch.HOPELESS * best;
            assertEquals(!far, flipped, b.name() + " start " + starts.get(b.name()) + ", best " + best);
            hopeless += far ? 1 : 0;
        }
        assertTrue(hopeless > 0, "PLONK is far behind on a wide layer: " + starts);
    }

    /**
     * A backend behind the ones before it by more than HOPELESS lays out only what could bring its start within
     * that bound, and the plan is the one of the search without it.
     */
    @Test
    void aHopelessBackendsStartMaySkipItsLayoutsAndThePlanIsUnchanged() {
        PlanSearch.Plan all = wideLayerSearch().search(
                List.of(new Halo2StyleBackend(), PlonkBackend.withLookupTable(), PlonkBackend.vanilla()));
        PlanSearch.Plan alone = wideLayerSearch().search(List.of(new Halo2StyleBackend()));
        assertEquals(alone.backend().name(), all.backend().name());
        assertEquals(alone.layout().chosen(), all.layout().chosen());
        assertEquals(alone.layers(), all.layers());
        double halo2 = all.trials().stream().filter(t -> t.backend().equals(alone.backend().name()))
                .mapToDouble(PlanSearch.Trial::seconds).min().orElseThrow();
        for (PlanSearch.Trial t : all.trials()) {
            if (!t.backend().equals(alone.backend().name())) {
                assertTrue(t.seconds() > PlanSearch.HOPELESS * halo2, t.backend() + " " + t.change() + " " + t.seconds());
            }
        }
    }
}
