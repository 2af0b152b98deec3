package dev.zkmlc.optimizer.strategy;

import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.optimizer.search.Evaluation;
import dev.zkmlc.optimizer.search.LayoutEvaluator;
import dev.zkmlc.optimizer.search.SearchResult;
import dev.zkmlc.optimizer.search.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The least estimated proving time over a search space (-O2 over {@link SearchSpace#standard()}, -O3 over
 * {@link SearchSpace#wide()}); ties go to less memory.
 *
 * <p>By default it skips candidates that cannot win: it simulates them in the order of their cost floor
 * ({@link LayoutEvaluator#secondsFloor}, no dry run) and skips each whose floor is above the best estimate so far (or
 * above {@link LayoutEvaluator#toBeat()}). A skipped candidate's estimate is at least its floor, so the choice is
 * the one simulating every candidate would make; skipped ones are listed as such. {@link #everyCandidate} simulates
 * them all (for `zkmlc layout`, which plots them).
 *
 * <p>When the space leaves the table segments to each candidate ({@link SearchSpace#segmentsPerCandidate()}), a
 * candidate whose table sets k is followed by the segment counts that lower k ({@link LayoutEvaluator#segmentAlternatives}),
 * simulated while the estimate falls.
 */
public final class MinCost implements LayoutStrategy {
    private static final Comparator<Evaluation> ORDER = Choose.thenKnobs(Comparator.comparingDouble(
            Evaluation::seconds).thenComparingLong(e -> e.cost().peakMemoryBytes()));
    /** How a skipped candidate's reason starts. */
    public static final String SKIPPED = "skipped:";

    private final SearchSpace space;
    private final boolean skip;

    public MinCost(SearchSpace space) {
        this(space, true);
    }

    private MinCost(SearchSpace space, boolean skip) {
        this.space = space;
        this.skip = skip;
    }

    /** Simulates every candidate of {@code space}, none skipped. */
    public static MinCost everyCandidate(SearchSpace space) {
        return new MinCost(space, false);
    }

    @Override
    public String name() {
        return "min-cost";
    }

    @Override
    public SearchResult search(LayoutEvaluator evaluator) {
        boolean segments = space.segmentsPerCandidate();
        List<Evaluation> all = skip ? skipping(evaluator, space.candidates(), segments)
                : everyOne(evaluator, space.candidates(), segments);
        Evaluation best = Choose.best(name(), all, ORDER);
        long feasible = all.stream().filter(Evaluation::isFeasible).count();
        long skipped = all.stream().filter(e -> !e.isFeasible() && e.rejection().startsWith(SKIPPED)).count();
        double worst = all.stream().filter(Evaluation::isFeasible).mapToDouble(Evaluation::seconds).max().orElse(0);
        return new SearchResult(name(), best, all, String.format(Locale.ROOT,
                "least estimated proving time (%.3f s, k = %d) of %d feasible candidates (%d rejected%s; slowest %.3f s)",
                best.seconds(), best.stats().k(), feasible, all.size() - feasible - skipped,
                skipped == 0 ? "" : ", " + skipped + " skipped by their cost floor", worst));
    }

    /** Every candidate, each followed by its segment alternatives when {@code segments} ({@link #alternatives}). */
    private static List<Evaluation> everyOne(LayoutEvaluator evaluator, List<LayoutOptions> candidates,
            boolean segments) {
        List<Evaluation> r = new ArrayList<>();
        for (LayoutOptions o : candidates) {
            Evaluation e = evaluator.evaluate(o);
            r.add(e);
            if (segments) {
                r.addAll(alternatives(evaluator, e));
            }
        }
        return r;
    }

    /**
     * A one-segment candidate's segment alternatives ({@link LayoutEvaluator#segmentAlternatives}), fewest segments
     * first, simulated while the estimate falls: past the count that brings the table down to the other rows' k,
     * each segment only adds columns.
     */
    private static List<Evaluation> alternatives(LayoutEvaluator evaluator, Evaluation oneSegment) {
        List<Evaluation> r = new ArrayList<>();
        double last = oneSegment.seconds();
        for (LayoutOptions o : evaluator.segmentAlternatives(oneSegment)) {
            Evaluation x = evaluator.evaluate(o);
            r.add(x);
            if (!(x.seconds() < last)) {
                break;
            }
            last = x.seconds();
        }
        return r;
    }

    /**
     * The candidates in the space's order (each followed by its segment alternatives when {@code segments}), simulated
     * cheapest floor first, those that cannot win skipped. Alternatives share their candidate's floor (the backends'
     * floors count no table), so a candidate that is skipped has no alternative worth simulating either.
     */
    private static List<Evaluation> skipping(LayoutEvaluator evaluator, List<LayoutOptions> candidates,
            boolean segments) {
        int n = candidates.size();
        double[] floor = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            floor[i] = evaluator.secondsFloor(candidates.get(i));
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> floor[i]));
        Evaluation[] done = new Evaluation[n];
        List<List<Evaluation>> extra = new ArrayList<>(Collections.nCopies(n, List.<Evaluation>of()));
        double best = evaluator.toBeat();
        for (int at = 0; at < n; at++) {
            int i = order[at];
            LayoutOptions o = candidates.get(i);
            if (floor[i] > best) {
                done[i] = Evaluation.rejected(o, String.format(Locale.ROOT,
                        "%s its estimate is at least %.3f s, above %.3f s", SKIPPED, floor[i], best));
                continue;
            }
            // The next candidate is simulated next unless this one's estimate drops below its floor: start it now.
            if (at + 1 < n && floor[order[at + 1]] <= best) {
                evaluator.prefetch(candidates.get(order[at + 1]));
            }
            done[i] = evaluator.evaluate(o);
            best = Math.min(best, done[i].seconds());
            if (segments) {
                extra.set(i, alternatives(evaluator, done[i]));
                for (Evaluation x : extra.get(i)) {
                    best = Math.min(best, x.seconds());
                }
            }
        }
        List<Evaluation> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add(done[i]);
            r.addAll(extra.get(i));
        }
        return r;
    }
}
