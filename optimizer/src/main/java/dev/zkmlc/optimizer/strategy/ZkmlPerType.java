package dev.zkmlc.optimizer.strategy;

import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.optimizer.search.Evaluation;
import dev.zkmlc.optimizer.search.LayoutEvaluator;
import dev.zkmlc.optimizer.search.SearchResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * ZKML's choice (Kang et al., EuroSys 2024), for comparison: one implementation per layer type, a search
 * over the column count only, and the lookup range tied to k: ZKML's range table has 2^(k-1) rows; this
 * backend's tagged range table of b bits has 2^(b+1), so b = k - 2 gives the same table size. For each width
 * k is re-simulated until it no longer grows (a few rounds at most); the cheapest width wins.
 */
public final class ZkmlPerType implements LayoutStrategy {
    private static final int MAX_TABLE_BITS = 24;
    private static final int START_BITS = 12;
    private static final int MAX_ROUNDS = 4;
    private final List<Integer> widths;

    public ZkmlPerType(List<Integer> widths) {
        this.widths = List.copyOf(widths);
    }

    @Override
    public String name() {
        return "zkml";
    }

    @Override
    public SearchResult search(LayoutEvaluator evaluator) {
        List<Evaluation> chosenPerWidth = new ArrayList<>();
        for (int w : widths) {
            chosenPerWidth.add(tiedToK(evaluator, w));
        }
        Evaluation best = Choose.best(name(), chosenPerWidth,
                Choose.thenKnobs(Comparator.comparingDouble(Evaluation::seconds)));
        return new SearchResult(name(), best, chosenPerWidth, String.format(Locale.ROOT,
                "ZKML-style: columns searched with the range table tied to k (table bits = k - 2); best W = %d at k = %d (%.3f s)",
                best.options().width(), best.stats().k(), best.seconds()));
    }

    /** Starts from the k of the default 12-bit table, then sets table bits = k - 1 until k is stable. */
    private static Evaluation tiedToK(LayoutEvaluator ev, int width) {
        Evaluation e = ev.evaluate(new LayoutOptions(width, START_BITS, 0));
        if (!e.isFeasible()) {
            return e;
        }
        int k = e.stats().k();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            int bits = Math.max(1, Math.min(MAX_TABLE_BITS, k - 2));
            e = ev.evaluate(new LayoutOptions(width, bits, k));
            if (!e.isFeasible() || e.stats().k() <= k) {
                return e;
            }
            k = e.stats().k();
        }
        return e;
    }
}
