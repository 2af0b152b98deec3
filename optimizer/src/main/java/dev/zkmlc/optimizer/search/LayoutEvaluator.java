package dev.zkmlc.optimizer.search;

import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.backend.LayoutStats;
import dev.zkmlc.circuit.gadget.GadgetException;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.optimizer.cost.CostEstimate;
import dev.zkmlc.optimizer.cost.CostModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Simulates candidate layouts of one gadget program with the backend's dry run (the same placement code as a
 * real layout) and scores them with a cost model. Remembers every candidate it was asked about, in order,
 * so that strategies can share work and a report can list them all. Not thread-safe: one per search (with a
 * pool, {@link #prefetch} runs dry runs on it, but only this evaluator's caller asks and reads them).
 */
public final class LayoutEvaluator {
    private final GadgetProgram program;
    private final Backend backend;
    private final CostModel model;
    private final Limits limits;
    private final Map<LayoutOptions, Evaluation> seen = new LinkedHashMap<>();
    /**
     * The backend's floors by knobs (empty when it knows none): asked for both ordering and rejecting candidates;
     * possibly shared with other evaluators of this program on this backend.
     */
    private final Map<LayoutOptions, Optional<LayoutStats>> floors;
    /** Dry-run outcomes of this program on this backend, possibly shared with other evaluators of it. */
    private final Map<LayoutOptions, DryRuns.Outcome> outcomes;
    private final double toBeat;
    /** Where {@link #prefetch} runs dry runs (null: it does nothing). */
    private final ExecutorService pool;
    /** Dry runs {@link #prefetch} started and no {@link #evaluate} has collected yet. */
    private final Map<LayoutOptions, Future<DryRuns.Outcome>> pending = new HashMap<>();

    /**
     * Bounds beyond which a candidate is rejected.
     *
     * @param maxK the largest k the SRS and the prover support
     * @param maxMemoryBytes the memory the prover may use
     */
    public record Limits(int maxK, long maxMemoryBytes) {
        /**
         * k up to 26 (the largest dev SRS a 2-core machine makes in reasonable time), memory unbounded: the
         * proof may run on another machine, and the prover itself refuses to start without enough heap.
         */
        public static Limits defaults() {
            return new Limits(26, Long.MAX_VALUE);
        }
    }

    public LayoutEvaluator(GadgetProgram program, Backend backend, CostModel model, Limits limits) {
        this(program, backend, model, limits, new HashMap<>(), new HashMap<>(), Double.POSITIVE_INFINITY, null);
    }

    /**
     * As above, reading and adding to {@code outcomes} and {@code floors}, the remembered dry runs and floors of this
     * program on this backend (written from this evaluator's caller and its prefetches: thread-safe maps); the
     * search that asks keeps the result only if its estimate is at most {@code toBeat} (see {@link #toBeat()});
     * {@code pool} (or null) runs the dry runs {@link #prefetch} asks for, and must be thread-safe to write to.
     */
    LayoutEvaluator(GadgetProgram program, Backend backend, CostModel model, Limits limits,
            Map<LayoutOptions, DryRuns.Outcome> outcomes, Map<LayoutOptions, Optional<LayoutStats>> floors, double toBeat,
            ExecutorService pool) {
        this.program = program;
        this.backend = backend;
        this.model = model;
        this.limits = limits;
        this.outcomes = outcomes;
        this.floors = floors;
        this.toBeat = toBeat;
        this.pool = pool;
    }

    public GadgetProgram program() {
        return program;
    }

    public Backend backend() {
        return backend;
    }

    public CostModel model() {
        return model;
    }

    /**
     * The estimate above which a layout is of no use to whoever asked (a plan search keeps another program only if
     * it beats the current one): a strategy may skip candidates whose {@link #secondsFloor} is above it. Infinite
     * when every candidate matters.
     */
    public double toBeat() {
        return toBeat;
    }

    /**
     * A floor under the estimate of {@code options}, without a dry run: the cost model's floor
     * ({@link CostModel#secondsFloor}) at the backend's floor under its counts ({@link Backend#statsFloor}); 0 when
     * either knows none.
     */
    public double secondsFloor(LayoutOptions options) {
        LayoutStats floor = floor(options);
        return floor == null ? 0 : model.secondsFloor(floor);
    }

    private LayoutStats floor(LayoutOptions options) {
        return floors.computeIfAbsent(options, o -> Optional.ofNullable(backend.statsFloor(program, o))).orElse(null);
    }

    /** Simulates {@code options} once (later calls return the remembered result). */
    public Evaluation evaluate(LayoutOptions options) {
        Evaluation e = seen.get(options);
        if (e == null) {
            e = simulate(options);
            seen.put(options, e);
        }
        return e;
    }

    /**
     * Starts the dry run of {@code options} on the pool, if there is one and {@link #evaluate} would run it: a strategy
     * that will likely ask for it next lets it run beside the current one. Changes no result: {@link #evaluate} asks
     * the same dry run, and a prefetched candidate that is never asked for is never reported.
     */
    public void prefetch(LayoutOptions options) {
        if (pool == null || seen.containsKey(options) || pending.containsKey(options) || outcomes.containsKey(options)
                || beyondLimits(options) != null) {
            return;
        }
        pending.put(options, pool.submit(() -> {
            DryRuns.Outcome o = dryRun(options);
            outcomes.put(options, o);
            return o;
        }));
    }

    private Evaluation simulate(LayoutOptions options) {
        DryRuns.Outcome o = outcomes.get(options);
        Future<DryRuns.Outcome> started = pending.remove(options);
        if (o == null && started != null) {
            o = Futures.await(started, "the layout search");
        }
        if (o == null) {
            String beyond = beyondLimits(options);
            if (beyond != null) {
                return Evaluation.rejected(options, beyond);
            }
            o = dryRun(options);
            outcomes.put(options, o);
        }
        if (o.failure() != null) {
            return Evaluation.rejected(options, o.failure());
        }
        LayoutStats stats = o.stats();
        if (stats.k() > limits.maxK()) {
            return Evaluation.rejected(options, "needs k = " + stats.k() + ", above the limit " + limits.maxK());
        }
        CostEstimate cost = model.estimate(stats);
        if (cost.peakMemoryBytes() > limits.maxMemoryBytes()) {
            return Evaluation.rejected(options, "needs about " + (cost.peakMemoryBytes() >> 20) + " MiB, above the limit "
                    + (limits.maxMemoryBytes() >> 20) + " MiB");
        }
        return Evaluation.feasible(options, stats, cost);
    }

    /**
     * Why the floors alone put {@code options} beyond the limits (its k or memory can only be higher), or null: such a
     * candidate would be rejected after its dry run, so it is rejected without one.
     */
    private String beyondLimits(LayoutOptions options) {
        LayoutStats floor = floor(options);
        if (floor == null) {
            return null;
        }
        if (floor.k() > limits.maxK()) {
            return "needs k >= " + floor.k() + ", above the limit " + limits.maxK();
        }
        long memory = model.peakMemoryFloor(floor);
        if (memory > limits.maxMemoryBytes()) {
            return "needs at least " + (memory >> 20) + " MiB, above the limit " + (limits.maxMemoryBytes() >> 20) + " MiB";
        }
        return null;
    }


    private DryRuns.Outcome dryRun(LayoutOptions options) {
        try {
            return new DryRuns.Outcome(backend.dryRun(program, options), null);
        } catch (GadgetException | IllegalArgumentException e) {
            return new DryRuns.Outcome(null, String.valueOf(e.getMessage()));
        }
    }

    /**
     * For a feasible one-segment candidate whose lookup table needs more rows than the rest of its layout: the segment
     * counts that bring the table's rows per segment under 2^t for each t from k - 1 down to the k of the other rows
     * (each the fewest segments for its t), fewest first; none otherwise. A smaller k shrinks every column's MSM and
     * NTTs, while each segment adds columns, so the cost model weighs them ({@code MinCost} simulates them in turn).
     * The reserved rows (blinding, the last row) are taken as {@link #RESERVED_ROWS}, more than layouts reserve (5 to
     * 8), so that each count fits its t; were a layout to reserve more, its dry run shows the higher k and its
     * estimate the cost.
     */
    public List<LayoutOptions> segmentAlternatives(Evaluation oneSegment) {
        List<LayoutOptions> r = new ArrayList<>();
        if (!oneSegment.isFeasible() || oneSegment.options().tableSegments() != 1) {
            return r;
        }
        LayoutStats s = oneSegment.stats();
        long other = Math.max(s.usedRows(), s.instanceValues());
        int last = 1;
        for (int t = s.k() - 1; t >= 1; t--) {
            long usable = (1L << t) - RESERVED_ROWS;
            if (usable < Math.max(1, other)) {
                break;
            }
            long segments = (s.tableRows() + usable - 1) / usable;
            if (segments > LayoutOptions.MAX_TABLE_SEGMENTS) {
                break;
            }
            if (segments > last) {
                r.add(oneSegment.options().withTableSegments((int) segments));
                last = (int) segments;
            }
        }
        return r;
    }

    /** Rows of a column a layout cannot use, at most (blinding rows and one more; see ConstraintSystemBuilder). */
    static final int RESERVED_ROWS = 16;

    /** Every candidate simulated so far, in the order first asked. */
    public List<Evaluation> all() {
        return new ArrayList<>(seen.values());
    }
}
