package dev.zkmlc.optimizer.strategy;

import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.optimizer.search.Evaluation;
import dev.zkmlc.optimizer.search.LayoutEvaluator;
import dev.zkmlc.optimizer.search.SearchResult;
import java.util.List;

/** No search: one given layout (-O0 and -O1 use the backend's defaults; --width / --table-bits / --table-segments set it). */
public final class FixedLayout implements LayoutStrategy {
    private final LayoutOptions options;

    public FixedLayout(LayoutOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "fixed";
    }

    @Override
    public SearchResult search(LayoutEvaluator evaluator) {
        List<Evaluation> one = List.of(evaluator.evaluate(options));
        Evaluation e = Choose.best(name(), one, (x, y) -> 0);
        return new SearchResult(name(), e, one, "fixed layout W=" + options.width() + ", table bits "
                + options.tableBits() + (options.tableSegments() > 1 ? " in " + options.tableSegments() + " segments" : "")
                + " (no search)");
    }
}
