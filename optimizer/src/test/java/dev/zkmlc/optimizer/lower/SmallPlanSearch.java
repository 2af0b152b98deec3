package dev.zkmlc.optimizer.lower;

import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.backend.plonk.PlonkBackend;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.optimizer.cost.CostProfile;
import dev.zkmlc.optimizer.cost.DefaultCostModel;
import dev.zkmlc.optimizer.search.LayoutEvaluator;
import dev.zkmlc.optimizer.search.PlanSearch;
import dev.zkmlc.optimizer.search.SearchSpace;
import dev.zkmlc.optimizer.strategy.MinCost;
import java.util.List;

/** The -O2 plan search over a small space (W=3 under plonk, W in {8, 12} elsewhere; table bits 8), for choice tests. */
final class SmallPlanSearch {
    private SmallPlanSearch() {}

    static PlanSearch.Plan on(Graph g, FixedPointPlan plan, Backend backend) {
        PlanSearch s = new PlanSearch(c -> Lowering.lowerWith(g, plan, c),
                x -> x instanceof PlonkBackend ? new MinCost(new SearchSpace(List.of(3), List.of(8)))
                        : new MinCost(new SearchSpace(List.of(8, 12), List.of(8))),
                new DefaultCostModel(CostProfile.defaults()), LayoutEvaluator.Limits.defaults(), true);
        return s.search(List.of(backend));
    }
}
