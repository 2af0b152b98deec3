package dev.zkmlc.optimizer.strategy;

import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.optimizer.search.Evaluation;
import dev.zkmlc.optimizer.search.LayoutEvaluator;
import dev.zkmlc.optimizer.search.NoFeasibleLayoutException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Shared by the strategies: evaluate a list of candidates and take the best feasible one. */
final class Choose {
    private Choose() {}

    static List<Evaluation> evaluateAll(LayoutEvaluator ev, List<LayoutOptions> options) {
        List<Evaluation> r = new ArrayList<>();
        for (LayoutOptions o : options) {
            r.add(ev.evaluate(o));
        }
        return r;
    }

    static Evaluation best(String strategy, List<Evaluation> considered, Comparator<Evaluation> order) {
        Evaluation best = null;
        for (Evaluation e : considered) {
            if (e.isFeasible() && (best == null || order.compare(e, best) < 0)) {
                best = e;
            }
        }
        if (best == null) {
            StringBuilder sb = new StringBuilder(strategy + ": no candidate layout fits:");
            for (Evaluation e : considered) {
                sb.append("\n  W=").append(e.options().width()).append(" table bits ").append(e.options().tableBits());
                if (e.options().tableSegments() > 1) {
                    sb.append(" in ").append(e.options().tableSegments()).append(" segments");
                }
                sb.append(": ").append(e.rejection());
            }
            throw new NoFeasibleLayoutException(sb.toString());
        }
        return best;
    }

    /** Deterministic tie-break after the strategy's own criterion: narrower, then fewer table bits, then fewer segments. */
    static Comparator<Evaluation> thenKnobs(Comparator<Evaluation> c) {
        return c.thenComparingInt((Evaluation e) -> e.options().width()).thenComparingInt(e -> e.options().tableBits())
                .thenComparingInt(e -> e.options().tableSegments());
    }
}
