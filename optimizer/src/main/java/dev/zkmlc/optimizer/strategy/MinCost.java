package dev.zkmlc.optimizer.strategy;

import dev.zkmlc.optimizer.search.Evaluation;
import dev.zkmlc.optimizer.search.LayoutEvaluator;
import dev.zkmlc.optimizer.search.SearchResult;
import dev.zkmlc.optimizer.search.SearchSpace;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The least estimated proving time over a search space (-O2 over {@link SearchSpace#standard()}, -O3 over
 * {@link SearchSpace#wide()}); ties go to less memory.
 */
public final class MinCost implements LayoutStrategy {
    private final SearchSpace space;

    public MinCost(SearchSpace space) {
        this.space = space;
    }

    @Override
    public String name() {
        return "min-cost";
    }

    @Override
    public SearchResult search(LayoutEvaluator evaluator) {
        List<Evaluation> all = Choose.evaluateAll(evaluator, space.candidates());
        Comparator<Evaluation> order = Comparator.comparingDouble(Evaluation::seconds)
                .thenComparingLong(e -> e.cost().peakMemoryBytes());
        Evaluation best = Choose.best(name(), all, Choose.thenKnobs(order));
        long feasible = all.stream().filter(Evaluation::isFeasible).count();
        double worst = all.stream().filter(Evaluation::isFeasible).mapToDouble(Evaluation::seconds).max().orElse(0);
        return new SearchResult(name(), best, all, String.format(Locale.ROOT,
                "least estimated proving time (%.3f s, k = %d) of %d feasible candidates (%d rejected; slowest %.3f s)",
                best.seconds(), best.stats().k(), feasible, all.size() - feasible, worst));
    }
}
