package dev.zkmlc.optimizer.search;

import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.optimizer.cost.CostModel;
import dev.zkmlc.optimizer.lower.ChoicePoint;
import dev.zkmlc.optimizer.lower.GadgetChoice;
import dev.zkmlc.optimizer.lower.Lowered;
import dev.zkmlc.optimizer.lower.LoweringChoices;
import dev.zkmlc.optimizer.strategy.LayoutStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * The cheapest backend wins; ties go to the earlier one in the given order.
 */
public final class PlanSearch {
    /** Choice points visited one by one at {@link Depth#STANDARD}; later ones keep the start's choice. */
    public static final int MAX_DESCENT_POINTS = 32;

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
        List<Trial> trials = new ArrayList<>();
        Plan best = null;
        List<String> failures = new ArrayList<>();
        for (Backend backend : backends) {
            int from = trials.size();
            Plan p = searchBackend(backend, trials);
            if (p == null) {
                failures.add(backend.name() + ": " + trials.get(from).rejection());
            } else if (best == null || p.layout().chosen().seconds() < best.layout().chosen().seconds()) {
                best = p;
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

    private Plan searchBackend(Backend backend, List<Trial> trials) {
        LoweringChoices current = LoweringChoices.defaults();
        Trial best = trial(backend, lowered(current), current, "defaults", Double.POSITIVE_INFINITY);
        trials.add(best);
        List<ChoicePoint> points = new ArrayList<>();
        boolean packs = backend.capabilities(LayoutOptions.defaults()).customGates();
        boolean challenges = backend.capabilities(LayoutOptions.defaults()).challenges();
        boolean looksUp = backend.capabilities(LayoutOptions.defaults()).lookups();
        boolean fuses = backend.capabilities(LayoutOptions.defaults()).fusedDotRescale();
        for (ChoicePoint cp : perLayer ? lowered(current).choicePoints() : List.<ChoicePoint>of()) {
            boolean layoutOnly = cp.kind() == GadgetChoice.Kind.RANGE || cp.kind() == GadgetChoice.Kind.DOT;
            if ((packs || !layoutOnly) && (challenges || cp.kind() != GadgetChoice.Kind.MATMUL)
                    && (looksUp || cp.kind() != GadgetChoice.Kind.BASE) && (fuses || cp.kind() != GadgetChoice.Kind.FUSE)) {
                points.add(cp);
            }
        }
        if (!points.isEmpty()) {
            LoweringChoices all = current;
            for (ChoicePoint cp : points) {
                if (cp.kind() != GadgetChoice.Kind.BASE) {
                    all = all.with(cp, cp.options().get(cp.options().size() - 1));
                }
            }
            // Kept only if it beats the defaults: its layout search may skip what cannot.
            Trial t = trial(backend, lowered(all), all, "every layer's alternative", best.seconds());
            trials.add(t);
            if (t.seconds() < best.seconds()) {
                best = t;
                current = all;
            }
        }
        // Range checks in bits pay off when they remove the lookup argument, which needs every layer in bits
        // and no function table: one layer at a time never sees that.
        if (points.stream().anyMatch(cp -> cp.kind() == GadgetChoice.Kind.BASE)
                && lowered(current).program().tables().isEmpty()) {
            LoweringChoices bits = current;
            for (ChoicePoint cp : points) {
                if (cp.kind() == GadgetChoice.Kind.BASE) {
                    bits = bits.with(cp, GadgetChoice.BIT_BASE);
                }
            }
            Trial t = trial(backend, lowered(bits), bits, "every range check in bits", best.seconds());
            trials.add(t);
            if (t.seconds() < best.seconds()) {
                best = t;
                current = bits;
            }
        }
        if (best.result() == null) {
            return null;
        }
        Map<String, Map<GadgetChoice, Double>> seconds = new LinkedHashMap<>();
        LayoutOptions at = best.result().chosen().options();
        double bestSeconds = best.seconds();
        int visit = depth == Depth.WIDE ? points.size() : Math.min(points.size(), MAX_DESCENT_POINTS);
        for (ChoicePoint cp : points.subList(0, visit)) {
            Map<GadgetChoice, Double> byOption = new LinkedHashMap<>();
            byOption.put(current.choice(cp), bestSeconds);
            for (GadgetChoice option : cp.options()) {
                if (option == current.choice(cp)) {
                    continue;
                }
                LoweringChoices candidate = current.with(cp, option);
                Lowered l = lowered.containsKey(candidate) ? lowered.get(candidate) : lower.apply(candidate);
                Trial t;
                if (depth == Depth.WIDE) {
                    t = trial(backend, l, candidate, cp.key() + ": " + option.description(), Double.POSITIVE_INFINITY);
                } else {
                    Evaluation e = evaluator(backend, l, candidate, Double.POSITIVE_INFINITY).evaluate(at);
                    t = new Trial(backend.name(), candidate, cp.key() + ": " + option.description(), e.isFeasible()
                            ? new SearchResult("descent", e, List.of(e), "one dry run at the current knobs") : null,
                            e.rejection());
                }
                trials.add(t);
                byOption.put(option, t.seconds());
                if (t.seconds() < bestSeconds) {
                    bestSeconds = t.seconds();
                    current = candidate;
                    lowered.put(candidate, l);
                    if (depth == Depth.WIDE) {
                        at = t.result().chosen().options();
                    }
                }
            }
            seconds.put(cp.key(), byOption);
        }
        // The Freivalds checks share their phase-1 columns, so one matmul at a time never sees what they cost:
        // all of them go back to dot products unless keeping them is estimated cheaper.
        LoweringChoices dots = current;
        for (ChoicePoint cp : points) {
            if (cp.kind() == GadgetChoice.Kind.MATMUL) {
                dots = dots.with(cp, cp.options().get(0));
            }
        }
        if (!dots.equals(current)) {
            Lowered l = lowered.containsKey(dots) ? lowered.get(dots) : lower.apply(dots);
            Evaluation e = evaluator(backend, l, dots, Double.POSITIVE_INFINITY).evaluate(at);
            Trial t = new Trial(backend.name(), dots, "every matmul as dot products", e.isFeasible()
                    ? new SearchResult("descent", e, List.of(e), "one dry run at the current knobs") : null, e.rejection());
            trials.add(t);
            if (t.seconds() <= bestSeconds) {
                bestSeconds = t.seconds();
                current = dots;
                lowered.put(dots, l);
            }
        }
        // Fused dense layers pay a selector column once, and free the rescale's and the max's columns only when no
        // layer keeps them: one layer at a time never sees that, so every dense layer fused is tried at once too.
        LoweringChoices fused = current;
        for (ChoicePoint cp : points) {
            if (cp.kind() == GadgetChoice.Kind.FUSE) {
                fused = fused.with(cp, GadgetChoice.FUSED);
            }
        }
        if (!fused.equals(current)) {
            Lowered l = lowered.containsKey(fused) ? lowered.get(fused) : lower.apply(fused);
            Evaluation e = evaluator(backend, l, fused, Double.POSITIVE_INFINITY).evaluate(at);
            Trial t = new Trial(backend.name(), fused, "every dense layer fused", e.isFeasible()
                    ? new SearchResult("descent", e, List.of(e), "one dry run at the current knobs") : null, e.rejection());
            trials.add(t);
            if (t.seconds() < bestSeconds) {
                bestSeconds = t.seconds();
                current = fused;
                lowered.put(fused, l);
            }
        }
        if (!current.equals(best.choices())) {
            Trial t = trial(backend, lowered(current), current, "after the descent", best.seconds());
            trials.add(t);
            if (t.seconds() <= best.seconds()) {
                best = t;
            } else {
                current = best.choices();
            }
        }
        List<LayerDecision> layers = new ArrayList<>();
        for (ChoicePoint cp : points) {
            layers.add(new LayerDecision(cp, current.choice(cp), seconds.getOrDefault(cp.key(), Map.of())));
        }
        return new Plan(backend, lowered(current), best.result(), layers, List.of(), best.result().reason());
    }

    /** The backend's layout search on one program; {@code toBeat}: the estimate above which its result is not kept. */
    private Trial trial(Backend backend, Lowered l, LoweringChoices choices, String change, double toBeat) {
        try {
            SearchResult r = strategy.apply(backend).search(evaluator(backend, l, choices, toBeat));
            return new Trial(backend.name(), choices, change, r, null);
        } catch (NoFeasibleLayoutException e) {
            return new Trial(backend.name(), choices, change, null, e.getMessage());
        }
    }

    private LayoutEvaluator evaluator(Backend backend, Lowered l, LoweringChoices choices, double toBeat) {
        return new LayoutEvaluator(l.program(), backend, model, limits, dryRuns.of(backend.name(), choices), toBeat);
    }

    private Lowered lowered(LoweringChoices choices) {
        return lowered.computeIfAbsent(choices, lower);
    }
}
