package dev.zkmlc.optimizer.search;

import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.optimizer.cost.CostModel;
import dev.zkmlc.optimizer.lower.ChoicePoint;
import dev.zkmlc.optimizer.lower.GadgetChoice;
import dev.zkmlc.optimizer.lower.Lowered;
import dev.zkmlc.optimizer.lower.LoweringChoices;
import dev.zkmlc.optimizer.strategy.LayoutStrategy;
import dev.zkmlc.optimizer.strategy.MinCost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Chooses the whole plan of a circuit: the backend, each layer's gadgets ({@link LoweringChoices}) and the layout
 * knobs, every candidate simulated by the backend's dry run (the same placement code as the real layout) and
 * scored by the cost model. For each backend:
 * <ol>
 *   <li>the all-default program, laid out by the backend's layout strategy (e.g. min-cost over W and table bits);</li>
 *   <li>the program with every layer's alternative (trimmed shared tables, packed range checks and dot products), laid out the same
 *       way; the cheaper of the two is the start (layers with equal tables share one only when all of them trim,
 *       which one layer at a time never sees); then, when the program has no function table, the start with every
 *       range check in bits (no lookup argument at all, which again no single layer sees);</li>
 *   <li>coordinate descent: each choice point in graph order is flipped and kept when the estimate drops;
 *       {@link Depth#STANDARD} (-O2) visits the first {@value #MAX_DESCENT_POINTS} points, each flip simulated at the
 *       current best layout knobs (one dry run); {@link Depth#WIDE} (-O3) visits every point and re-runs the layout
 *       strategy for each flip. Range-layout and dot-layout points are skipped on backends without custom gates
 *       (three-wire PLONK has nothing to pack), range-base points on backends without lookups (vanilla PLONK has only bits);
 *       then every matmul back to dot products at once, and every dense layer fused at once (fused-layer points only
 *       on backends that lay the fused gadget out), each kept when cheaper;</li>
 *   <li>the final choices are laid out by the full strategy again, so W, the table bits and k fit them.</li>
 * </ol>
 * The cheapest backend wins; ties go to the earlier one in the given order. Every backend's start comes first, so
 * that at {@link Depth#STANDARD} a backend whose start is more than {@value #HOPELESS} times the best start skips its
 * descent (and a later backend's start skips the layouts whose cost floor is above that bound for the starts before it). A flip of a layer's range layout, range base or dot layout re-annotates the current program instead of
 * lowering the graph again ({@link Lowered#with}); a flip whose cost floor at the current knobs does not beat the
 * current estimate is not simulated; flips are simulated two at a time, with the single-threaded result, and a layout
 * search simulates the candidate it will likely ask for next beside the current one ({@link LayoutEvaluator#prefetch}).
 */
public final class PlanSearch {
    /** Choice points visited one by one at {@link Depth#STANDARD}; later ones keep the start's choice. */
    public static final int MAX_DESCENT_POINTS = 32;
    /**
     * At {@link Depth#STANDARD}, a backend whose start is estimated above this many times the best start of any
     * backend skips its descent.
     */
    public static final double HOPELESS = 2.0;
    /** Flips simulated at once (dry runs are independent; the shared caches are thread-safe). */
    private static final int WORKERS = Math.min(2, Runtime.getRuntime().availableProcessors());

    /** How hard the descent looks at each flip. */
    public enum Depth {
        /** One dry run per flip, at most {@value #MAX_DESCENT_POINTS} points (-O2). */
        STANDARD,
        /** A full layout search per flip, every point (-O3). */
        WIDE
    }

    /**
     * One simulated plan.
     *
     * @param backend the backend's name
     * @param choices the per-layer choices tried
     * @param change what differs from the plan it was derived from
     * @param result the layout search's result (one candidate for a descent step), or null when no layout fits
     * @param rejection why no layout fits (null when one does)
     */
    public record Trial(String backend, LoweringChoices choices, String change, SearchResult result, String rejection) {
        public double seconds() {
            return result == null ? Double.POSITIVE_INFINITY : result.chosen().seconds();
        }
    }

    /** The choice made at one point, with the estimate each option reached on the chosen backend. */
    public record LayerDecision(ChoicePoint point, GadgetChoice chosen, Map<GadgetChoice, Double> secondsByOption) {
        public LayerDecision {
            secondsByOption = Map.copyOf(secondsByOption);
        }

        public boolean isDefault() {
            return chosen == point.options().get(0);
        }
    }

    /**
     * The chosen plan.
     *
     * @param backend the winning backend
     * @param lowered the gadget program under the winning per-layer choices
     * @param layout the layout search on that program and backend
     * @param layers the decision at each choice point, in graph order
     * @param trials every plan simulated, in order
     * @param why one sentence on why this plan won
     */
    public record Plan(Backend backend, Lowered lowered, SearchResult layout, List<LayerDecision> layers,
            List<Trial> trials, String why) {
        public Plan {
            layers = List.copyOf(layers);
            trials = List.copyOf(trials);
        }
    }

    private final Function<LoweringChoices, Lowered> lower;
    private final Function<Backend, LayoutStrategy> strategy;
    private final CostModel model;
    private final LayoutEvaluator.Limits limits;
    private final boolean perLayer;
    private final Depth depth;
    private final Map<LoweringChoices, Lowered> lowered;
    private final DryRuns dryRuns;

    /**
     * @param lower lowers the graph under given choices (called once per distinct choice set)
     * @param strategy the layout strategy to run on each backend (e.g. min-cost over the backend's knobs)
     * @param perLayer whether to weigh each layer's alternatives (false: every layer keeps its default, -O0/-O1)
     */
    public PlanSearch(Function<LoweringChoices, Lowered> lower, Function<Backend, LayoutStrategy> strategy,
            CostModel model, LayoutEvaluator.Limits limits, boolean perLayer) {
        this(lower, strategy, model, limits, perLayer, Depth.STANDARD);
    }

    /** As above, with the descent's {@link Depth}. */
    public PlanSearch(Function<LoweringChoices, Lowered> lower, Function<Backend, LayoutStrategy> strategy,
            CostModel model, LayoutEvaluator.Limits limits, boolean perLayer, Depth depth) {
        this(lower, strategy, model, limits, perLayer, depth, new LinkedHashMap<>(), new DryRuns());
    }

    private PlanSearch(Function<LoweringChoices, Lowered> lower, Function<Backend, LayoutStrategy> strategy,
            CostModel model, LayoutEvaluator.Limits limits, boolean perLayer, Depth depth,
            Map<LoweringChoices, Lowered> lowered, DryRuns dryRuns) {
        this.lower = lower;
        this.strategy = strategy;
        this.model = model;
        this.limits = limits;
        this.perLayer = perLayer;
        this.depth = depth;
        this.lowered = lowered;
        this.dryRuns = dryRuns;
    }

    /**
     * The same search under other limits, sharing this one's lowered programs and dry runs: a second search (e.g.
     * without the memory budget that rejected everything) simulates only what the first did not.
     */
    public PlanSearch withLimits(LayoutEvaluator.Limits other) {
        return new PlanSearch(lower, strategy, model, other, perLayer, depth, lowered, dryRuns);
    }

    /** The dry runs simulated so far by this search and those sharing them. */
    public int dryRunCount() {
        return dryRuns.size();
    }

    /** Searches every backend with per-layer choices; throws {@link NoFeasibleLayoutException} when nothing fits. */
    public Plan search(List<Backend> backends) {
        ExecutorService pool = WORKERS > 1 ? Executors.newFixedThreadPool(WORKERS, r -> {
            Thread t = new Thread(r, "plan-search");
            t.setDaemon(true);
            return t;
        }) : null;
        List<Trial> trials = new ArrayList<>();
        Plan best = null;
        List<String> failures = new ArrayList<>();
        try {
            List<Start> starts = new ArrayList<>();
            double bestStart = Double.POSITIVE_INFINITY;
            for (Backend backend : backends) {
                // At -O2 a start above HOPELESS times the best start so far is hopeless whatever it is (its backend
                // keeps it, and it loses to that start), so its layout searches need not find it: they skip what
                // cannot beat that.
                Start s = start(backend, depth == Depth.STANDARD ? HOPELESS * bestStart : Double.POSITIVE_INFINITY, pool);
                starts.add(s);
                bestStart = Math.min(bestStart, s.best.seconds());
            }
            for (Start s : starts) {
                Plan p = s.best.result() == null ? null : descend(s, bestStart, pool);
                trials.addAll(s.trials);
                if (p == null) {
                    failures.add(s.backend.name() + ": " + s.trials.get(0).rejection());
                } else if (best == null || p.layout().chosen().seconds() < best.layout().chosen().seconds()) {
                    best = p;
                }
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        if (best == null) {
            throw new NoFeasibleLayoutException(String.join("\n", failures));
        }
        long changed = best.layers().stream().filter(d -> !d.isDefault()).count();
        String why = String.format(Locale.ROOT, "%s: least estimated proving time (%.3f s) over %d backend(s) and %d"
                + " gadget choice(s) (%d changed from the default); %s", best.backend().name(),
                best.layout().chosen().seconds(), backends.size(), best.layers().size(), changed, best.layout().reason());
        return new Plan(best.backend(), best.lowered(), best.layout(), best.layers(), trials, why);
    }

    /** One backend's start: the cheaper of its whole-program plans, and the choice points its descent may visit. */
    private static final class Start {
        final Backend backend;
        final List<ChoicePoint> points;
        final List<Trial> trials = new ArrayList<>();
        Trial best;
        LoweringChoices current = LoweringChoices.defaults();

        Start(Backend backend, List<ChoicePoint> points) {
            this.backend = backend;
            this.points = points;
        }
    }

    /**
     * {@code hopeless}: an estimate above which the start is of no use (its backend cannot win); trials skip layouts
     * whose floor is above it, so a start above it may come out higher than the layouts' best, or without one.
     */
    private Start start(Backend backend, double hopeless, ExecutorService pool) {
        LoweringChoices defaults = LoweringChoices.defaults();
        Trial first = trial(backend, lowered(defaults), defaults, "defaults", hopeless, pool);
        List<ChoicePoint> points = new ArrayList<>();
        boolean packs = backend.capabilities(LayoutOptions.defaults()).customGates();
        boolean challenges = backend.capabilities(LayoutOptions.defaults()).challenges();
        boolean looksUp = backend.capabilities(LayoutOptions.defaults()).lookups();
        boolean fuses = backend.capabilities(LayoutOptions.defaults()).fusedDotRescale();
        for (ChoicePoint cp : perLayer ? lowered(defaults).choicePoints() : List.<ChoicePoint>of()) {
            boolean layoutOnly = cp.kind() == GadgetChoice.Kind.RANGE || cp.kind() == GadgetChoice.Kind.DOT;
            if ((packs || !layoutOnly) && (challenges || cp.kind() != GadgetChoice.Kind.MATMUL)
                    && (looksUp || cp.kind() != GadgetChoice.Kind.BASE) && (fuses || cp.kind() != GadgetChoice.Kind.FUSE)) {
                points.add(cp);
            }
        }
        Start s = new Start(backend, points);
        s.best = first;
        s.trials.add(first);
        if (!points.isEmpty()) {
            LoweringChoices all = defaults;
            for (ChoicePoint cp : points) {
                if (cp.kind() != GadgetChoice.Kind.BASE) {
                    all = all.with(cp, cp.options().get(cp.options().size() - 1));
                }
            }
            // Kept only if it beats the defaults: its layout search may skip what cannot.
            Trial t = trial(backend, lowered(all), all, "every layer's alternative", Math.min(hopeless, s.best.seconds()),
                    pool);
            s.trials.add(t);
            if (t.seconds() < s.best.seconds()) {
                s.best = t;
                s.current = all;
            }
        }
        // Range checks in bits pay off when they remove the lookup argument, which needs every layer in bits
        // and no function table: one layer at a time never sees that.
        if (points.stream().anyMatch(cp -> cp.kind() == GadgetChoice.Kind.BASE)
                && lowered(s.current).program().tables().isEmpty()) {
            LoweringChoices bits = s.current;
            for (ChoicePoint cp : points) {
                if (cp.kind() == GadgetChoice.Kind.BASE) {
                    bits = bits.with(cp, GadgetChoice.BIT_BASE);
                }
            }
            Trial t = trial(backend, lowered(bits), bits, "every range check in bits", Math.min(hopeless, s.best.seconds()),
                    pool);
            s.trials.add(t);
            if (t.seconds() < s.best.seconds()) {
                s.best = t;
                s.current = bits;
            }
        }
        return s;
    }

    /** One flip of the descent: the point, the option tried there, the choices with it, their program and trial. */
    private record Flip(ChoicePoint point, GadgetChoice option, LoweringChoices candidate, Lowered lowered, Trial trial,
            boolean simulated) {}

    /**
     * The descent from a backend's start (see the class comment). At {@link Depth#STANDARD} a backend whose start is
     * above {@value #HOPELESS} times the best start of any backend keeps its start: over the corpus no descent
     * improved its start by more than 1.5x, so such a descent would not make its backend win. Flips are evaluated
     * up to {@link #WORKERS} at a time, each against the same current choices, and used in visiting order: once one
     * is kept the later ones are stale and are evaluated again against the new choices, so the result is the one a
     * single thread reaches.
     */
    private Plan descend(Start s, double bestStart, ExecutorService pool) {
        Backend backend = s.backend;
        Trial best = s.best;
        LoweringChoices current = s.current;
        Lowered currentLowered = lowered(current);
        Map<String, Map<GadgetChoice, Double>> seconds = new LinkedHashMap<>();
        LayoutOptions at = best.result().chosen().options();
        double bestSeconds = best.seconds();
        boolean hopeless = depth == Depth.STANDARD && bestSeconds > HOPELESS * bestStart;
        int visit = hopeless ? 0 : depth == Depth.WIDE ? s.points.size() : Math.min(s.points.size(), MAX_DESCENT_POINTS);
        List<Flip> flips = new ArrayList<>();
        for (ChoicePoint cp : s.points.subList(0, visit)) {
            for (GadgetChoice option : cp.options()) {
                flips.add(new Flip(cp, option, null, null, null, false));
            }
        }
        // At -O2 flips are simulated WORKERS at a time; at -O3 one at a time, each a layout search using the pool.
        ExecutorService flipPool = depth == Depth.STANDARD ? pool : null;
        int batchSize = flipPool == null ? 1 : WORKERS;
        int i = 0;
        while (i < flips.size()) {
            List<Integer> batch = new ArrayList<>();
            for (int j = i; j < flips.size() && batch.size() < batchSize; j++) {
                if (flips.get(j).option() != current.choice(flips.get(j).point())) {
                    batch.add(j);
                }
            }
            if (batch.isEmpty()) {
                break;
            }
            List<Flip> done = evaluate(backend, flips, batch, currentLowered, at, bestSeconds, flipPool, pool);
            i = batch.get(batch.size() - 1) + 1;
            for (int b = 0; b < done.size(); b++) {
                Flip f = done.get(b);
                s.trials.add(f.trial());
                Map<GadgetChoice, Double> byOption = seconds.computeIfAbsent(f.point().key(), x -> new LinkedHashMap<>());
                if (byOption.isEmpty()) {
                    byOption.put(current.choice(f.point()), bestSeconds);
                }
                if (f.simulated()) {
                    byOption.put(f.option(), f.trial().seconds());
                }
                if (f.trial().seconds() < bestSeconds) {
                    bestSeconds = f.trial().seconds();
                    current = f.candidate();
                    currentLowered = f.lowered();
                    if (depth == Depth.WIDE) {
                        at = f.trial().result().chosen().options();
                    }
                    i = batch.get(b) + 1;
                    break;
                }
            }
        }
        // The Freivalds checks share their phase-1 columns, so one matmul at a time never sees what they cost:
        // all of them go back to dot products unless keeping them is estimated cheaper.
        LoweringChoices dots = current;
        for (ChoicePoint cp : hopeless ? List.<ChoicePoint>of() : s.points) {
            if (cp.kind() == GadgetChoice.Kind.MATMUL) {
                dots = dots.with(cp, cp.options().get(0));
            }
        }
        if (!dots.equals(current)) {
            Lowered l = lowered.containsKey(dots) ? lowered.get(dots) : lower.apply(dots);
            Evaluation e = evaluator(backend, l, dots, Double.POSITIVE_INFINITY, null).evaluate(at);
            Trial t = new Trial(backend.name(), dots, "every matmul as dot products", e.isFeasible()
                    ? new SearchResult("descent", e, List.of(e), "one dry run at the current knobs") : null, e.rejection());
            s.trials.add(t);
            if (t.seconds() <= bestSeconds) {
                bestSeconds = t.seconds();
                current = dots;
                currentLowered = l;
            }
        }
        // Fused dense layers pay a selector column once, and free the rescale's and the max's columns only when no
        // layer keeps them: one layer at a time never sees that, so every dense layer fused is tried at once too.
        LoweringChoices fused = current;
        for (ChoicePoint cp : hopeless ? List.<ChoicePoint>of() : s.points) {
            if (cp.kind() == GadgetChoice.Kind.FUSE) {
                fused = fused.with(cp, GadgetChoice.FUSED);
            }
        }
        if (!fused.equals(current)) {
            Lowered l = lowered.containsKey(fused) ? lowered.get(fused) : lower.apply(fused);
            Evaluation e = evaluator(backend, l, fused, Double.POSITIVE_INFINITY, null).evaluate(at);
            Trial t = new Trial(backend.name(), fused, "every dense layer fused", e.isFeasible()
                    ? new SearchResult("descent", e, List.of(e), "one dry run at the current knobs") : null, e.rejection());
            s.trials.add(t);
            if (t.seconds() < bestSeconds) {
                bestSeconds = t.seconds();
                current = fused;
                currentLowered = l;
            }
        }
        if (!current.equals(best.choices())) {
            Trial t = trial(backend, currentLowered, current, "after the descent", best.seconds(), pool);
            s.trials.add(t);
            if (t.seconds() <= best.seconds()) {
                best = t;
            } else {
                current = best.choices();
                currentLowered = lowered(current);
            }
        }
        List<LayerDecision> layers = new ArrayList<>();
        for (ChoicePoint cp : s.points) {
            layers.add(new LayerDecision(cp, current.choice(cp), seconds.getOrDefault(cp.key(), Map.of())));
        }
        return new Plan(backend, currentLowered, best.result(), layers, List.of(), best.result().reason());
    }

    /**
     * The flips at {@code batch} (indexes into {@code flips}), each against {@code current}, in parallel on
     * {@code pool} when there is one; in batch order. A flip whose cost floor at the current knobs is not below
     * {@code toBeat} cannot be kept and is not simulated. {@code trialPool}: where a flip's layout search (-O3) may
     * prefetch dry runs.
     */
    private List<Flip> evaluate(Backend backend, List<Flip> flips, List<Integer> batch, Lowered current,
            LayoutOptions at, double toBeat, ExecutorService pool, ExecutorService trialPool) {
        if (pool == null || batch.size() == 1) {
            List<Flip> r = new ArrayList<>();
            for (int j : batch) {
                Flip f = flips.get(j);
                r.add(flip(backend, f.point(), f.option(), current, at, toBeat, trialPool));
            }
            return r;
        }
        List<Callable<Flip>> tasks = new ArrayList<>();
        for (int j : batch) {
            Flip f = flips.get(j);
            tasks.add(() -> flip(backend, f.point(), f.option(), current, at, toBeat, trialPool));
        }
        return Futures.all(pool, tasks, "the plan search");
    }

    /**
     * Lowers and simulates {@code current} with {@code option} at {@code point}; safe on any thread. A flip that only
     * changes how its layer is laid out re-annotates the current program ({@link Lowered#with}) instead of lowering
     * the graph again.
     */
    private Flip flip(Backend backend, ChoicePoint point, GadgetChoice option, Lowered current,
            LayoutOptions at, double toBeat, ExecutorService trialPool) {
        LoweringChoices candidate = current.choices().with(point, option);
        Lowered l = lowered.get(candidate);
        if (l == null) {
            l = current.with(point, option);
        }
        if (l == null) {
            l = lower.apply(candidate);
        }
        String change = point.key() + ": " + option.description();
        if (depth == Depth.WIDE) {
            return new Flip(point, option, candidate, l, trial(backend, l, candidate, change, Double.POSITIVE_INFINITY,
                    trialPool),
                    true);
        }
        LayoutEvaluator evaluator = evaluator(backend, l, candidate, toBeat, null);
        double floor = evaluator.secondsFloor(at);
        if (floor >= toBeat) {
            return new Flip(point, option, candidate, l, new Trial(backend.name(), candidate, change, null,
                    String.format(Locale.ROOT, "%s its estimate is at least %.3f s, not below the current %.3f s",
                            MinCost.SKIPPED, floor, toBeat)), false);
        }
        Evaluation e = evaluator.evaluate(at);
        return new Flip(point, option, candidate, l, new Trial(backend.name(), candidate, change, e.isFeasible()
                ? new SearchResult("descent", e, List.of(e), "one dry run at the current knobs") : null, e.rejection()),
                true);
    }

    /** The backend's layout search on one program; {@code toBeat}: the estimate above which its result is not kept. */
    private Trial trial(Backend backend, Lowered l, LoweringChoices choices, String change, double toBeat,
            ExecutorService pool) {
        try {
            SearchResult r = strategy.apply(backend).search(evaluator(backend, l, choices, toBeat, pool));
            return new Trial(backend.name(), choices, change, r, null);
        } catch (NoFeasibleLayoutException e) {
            return new Trial(backend.name(), choices, change, null, e.getMessage());
        }
    }

    /** {@code pool}: where the evaluator may run the dry runs a strategy prefetches (null: none). */
    private LayoutEvaluator evaluator(Backend backend, Lowered l, LoweringChoices choices, double toBeat,
            ExecutorService pool) {
        return new LayoutEvaluator(l.program(), backend, model, limits, dryRuns.of(backend.name(), choices),
                dryRuns.floorsOf(backend.name(), choices), toBeat, pool);
    }

    private Lowered lowered(LoweringChoices choices) {
        return lowered.computeIfAbsent(choices, lower);
    }
}
