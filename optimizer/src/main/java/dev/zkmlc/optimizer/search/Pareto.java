package dev.zkmlc.optimizer.search;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Pareto fronts of feasible candidates under two costs, both to be minimised. */
public final class Pareto {
    private Pareto() {}

    /** The feasible candidates no other feasible candidate beats in both costs (and strictly in one). */
    public static List<Evaluation> front(List<Evaluation> es, ToDoubleFunction<Evaluation> x, ToDoubleFunction<Evaluation> y) {
        List<Evaluation> r = new ArrayList<>();
        for (Evaluation e : es) {
            if (!e.isFeasible()) {
                continue;
            }
            boolean dominated = false;
            for (Evaluation o : es) {
                if (o.isFeasible() && x.applyAsDouble(o) <= x.applyAsDouble(e) && y.applyAsDouble(o) <= y.applyAsDouble(e)
                        && (x.applyAsDouble(o) < x.applyAsDouble(e) || y.applyAsDouble(o) < y.applyAsDouble(e))) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                r.add(e);
            }
        }
        return r;
    }

    /** The front the layout plot marks: width against used rows. */
    public static List<Evaluation> widthRows(List<Evaluation> es) {
        return front(es, e -> e.stats().width(), e -> e.stats().usedRows());
    }
}
