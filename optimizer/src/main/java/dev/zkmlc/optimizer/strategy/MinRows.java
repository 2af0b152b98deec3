package dev.zkmlc.optimizer.strategy;

import dev.zkmlc.optimizer.search.Evaluation;
import dev.zkmlc.optimizer.search.LayoutEvaluator;
import dev.zkmlc.optimizer.search.SearchResult;
import dev.zkmlc.optimizer.search.SearchSpace;
import java.util.Comparator;
import java.util.List;

/** The smallest circuit by rows: least k, then fewest used rows, then fewest advice columns. */
public final class MinRows implements LayoutStrategy {
    private final SearchSpace space;

    public MinRows(SearchSpace space) {
        this.space = space;
    }

    @Override
    public String name() {
        return "min-rows";
    }

    @Override
    public SearchResult search(LayoutEvaluator evaluator) {
        List<Evaluation> all = Choose.evaluateAll(evaluator, space.candidates());
        Comparator<Evaluation> order = Comparator.comparingInt((Evaluation e) -> e.stats().k())
                .thenComparingInt(e -> e.stats().usedRows()).thenComparingInt(e -> e.stats().adviceColumns());
        Evaluation best = Choose.best(name(), all, Choose.thenKnobs(order));
        return new SearchResult(name(), best, all, "fewest rows: k = " + best.stats().k() + ", "
                + best.stats().usedRows() + " used rows among " + all.size() + " candidates");
    }
}
