package dev.zkmlc.optimizer.search;

import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.optimizer.cost.CostModel;
import dev.zkmlc.optimizer.lower.ChoicePoint;
import dev.zkmlc.optimizer.lower.Lowered;
import dev.zkmlc.optimizer.lower.LoweringChoices;
import dev.zkmlc.optimizer.lower.TableImpl;
import dev.zkmlc.optimizer.strategy.LayoutStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Chooses the whole plan of a circuit: the backend, each layer's gadget ({@link LoweringChoices}) and the layout
 * knobs. For each backend it starts from the default gadgets, lays out with the backend's layout strategy (every
 * candidate simulated by the backend's dry run and scored by the cost model), then visits the layers that have
 * alternatives in graph order and keeps an alternative when the best layout with it is estimated cheaper
 * (coordinate descent: one layer changes at a time, so k, the width and the table sizes are re-chosen for each
 * alternative). The cheapest backend wins; ties go to the earlier backend in the given order.
 */
public final class PlanSearch {
    /**
     * One simulated plan.
     *
     * @param backend the backend's name
     * @param choices the per-layer choices tried
     * @param change what differs from the plan it was derived from ("defaults" for the first)
     * @param result the layout search's result, or null when no layout fits
     * @param rejection why no layout fits (null when one does)
     */
    public record Trial(String backend, LoweringChoices choices, String change, SearchResult result, String rejection) {
        public double seconds() {
            return result == null ? Double.POSITIVE_INFINITY : result.chosen().seconds();
        }
    }

    /**
     * The choice made for one layer, with the best estimate each of its options reached on the chosen backend.
     */
    public record LayerDecision(ChoicePoint point, TableImpl chosen, Map<TableImpl, Double> secondsByOption) {
        public LayerDecision {
            secondsByOption = Map.copyOf(secondsByOption);
        }
    }

    /**
     * The chosen plan.
     *
     * @param backend the winning backend
     * @param lowered the gadget program under the winning per-layer choices
     * @param layout the layout search on that program and backend
     * @param layers the decision for each layer that had a choice, in graph order
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
    private final Map<LoweringChoices, Lowered> lowered = new LinkedHashMap<>();

    /**
     * @param lower lowers the graph under given choices (called once per distinct choice set)
     * @param strategy the layout strategy to run on each backend (e.g. min-cost over the backend's knobs)
     * @param perLayer whether to weigh each layer's alternatives (false: every layer keeps its default, -O0/-O1)
     */
    public PlanSearch(Function<LoweringChoices, Lowered> lower, Function<Backend, LayoutStrategy> strategy,
            CostModel model, LayoutEvaluator.Limits limits, boolean perLayer) {
        this.perLayer = perLayer;
        this.lower = lower;
        this.strategy = strategy;
        this.model = model;
        this.limits = limits;
    }

    /** Searches every backend with per-layer choices; throws {@link NoFeasibleLayoutException} when nothing fits. */
    public Plan search(List<Backend> backends) {
        List<Trial> trials = new ArrayList<>();
        Plan best = null;
        List<String> failures = new ArrayList<>();
        for (Backend backend : backends) {
            Plan p = searchBackend(backend, trials);
            if (p == null) {
                Trial first = trials.stream().filter(t -> t.backend().equals(backend.name())).findFirst().orElseThrow();
                failures.add(backend.name() + ": " + first.rejection());
            } else if (best == null || p.layout().chosen().seconds() < best.layout().chosen().seconds()) {
                best = p;
            }
        }
        if (best == null) {
            throw new NoFeasibleLayoutException(String.join("\n", failures));
        }
        long changed = best.layers().stream().filter(d -> d.chosen() != d.point().options().get(0)).count();
        String why = String.format(Locale.ROOT, "%s: least estimated proving time (%.3f s) over %d backend(s) and %d"
                + " layer choice(s) (%d changed from the default); %s", best.backend().name(),
                best.layout().chosen().seconds(), backends.size(), best.layers().size(), changed, best.layout().reason());
        return new Plan(best.backend(), best.lowered(), best.layout(), best.layers(), trials, why);
    }

    private Plan searchBackend(Backend backend, List<Trial> trials) {
        LoweringChoices current = LoweringChoices.defaults();
        Trial best = trial(backend, current, "defaults");
        trials.add(best);
        Lowered first = lowered(current);
        if (perLayer && !first.choicePoints().isEmpty()) {
            // Layers with equal tables share one only when all of them take the trimmed form, which one layer
            // at a time never sees: so the descent starts from the better of all-default and all-trimmed.
            LoweringChoices all = current;
            for (ChoicePoint cp : first.choicePoints()) {
                all = all.with(cp.node(), TableImpl.TRIMMED);
            }
            Trial t = trial(backend, all, "every layer: " + TableImpl.TRIMMED.description());
            trials.add(t);
            if (t.seconds() < best.seconds()) {
                best = t;
                current = all;
            }
        }
        Map<String, Map<TableImpl, Double>> seconds = new LinkedHashMap<>();
        for (ChoicePoint cp : perLayer ? first.choicePoints() : List.<ChoicePoint>of()) {
            Map<TableImpl, Double> byOption = new LinkedHashMap<>();
            byOption.put(current.table(cp.node()), best.seconds());
            for (TableImpl option : cp.options()) {
                if (option == current.table(cp.node())) {
                    continue;
                }
                LoweringChoices candidate = current.with(cp.node(), option);
                Trial t = trial(backend, candidate, cp.node() + ": " + option.description());
                trials.add(t);
                byOption.put(option, t.seconds());
                if (t.seconds() < best.seconds()) {
                    best = t;
                    current = candidate;
                }
            }
            seconds.put(cp.node(), byOption);
        }
        if (best.result() == null) {
            return null;
        }
        List<LayerDecision> layers = new ArrayList<>();
        for (ChoicePoint cp : first.choicePoints()) {
            layers.add(new LayerDecision(cp, current.table(cp.node()), seconds.getOrDefault(cp.node(), Map.of())));
        }
        return new Plan(backend, lowered(current), best.result(), layers, List.of(), best.result().reason());
    }

    private Trial trial(Backend backend, LoweringChoices choices, String change) {
        Lowered l = lowered(choices);
        try {
            SearchResult r = strategy.apply(backend).search(new LayoutEvaluator(l.program(), backend, model, limits));
            return new Trial(backend.name(), choices, change, r, null);
        } catch (NoFeasibleLayoutException e) {
            return new Trial(backend.name(), choices, change, null, e.getMessage());
        }
    }

    private Lowered lowered(LoweringChoices choices) {
        return lowered.computeIfAbsent(choices, lower);
    }
}
