package dev.zkmlc.cli;

import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.optimizer.lower.Lowering;
import dev.zkmlc.optimizer.pass.PassManager;
import dev.zkmlc.optimizer.search.LayoutEvaluator;
import dev.zkmlc.optimizer.search.NoFeasibleLayoutException;
import dev.zkmlc.optimizer.search.PlanSearch;
import dev.zkmlc.optimizer.search.SearchResult;
import java.util.List;
import java.util.Optional;

/**
 * The compiler's stages in order, as one pure function of the model and the options: load, graph
 * passes, quantization, lowering to gadgets, layout search (-O2/-O3) and layout. The commands and the Maven plugin all compile
 * through here, so they cannot disagree.
 */
final class Pipeline {
    record Compiled(Graph graph, List<PassManager.PassRecord> passes, FixedPointPlan plan, GadgetProgram program,
            Backend backend, SearchResult layoutSearch, PlanSearch.Plan fullPlan, CompiledCircuit circuit) {}

    private Pipeline() {}

    /** Everything before the layout: the graph after passes, its fixed-point plan, and the chosen circuit plan. */
    record Planned(Graph graph, List<PassManager.PassRecord> passes, FixedPointPlan plan, PlanSearch.Plan circuitPlan) {}

    static Compiled compile(ModelOptions model, QuantOptions quant, CircuitOptions circuit, PassManager.Observer observer) {
        Planned p = plan(model, quant, circuit, observer);
        PlanSearch.Plan chosen = p.circuitPlan();
        GadgetProgram program = chosen.lowered().program();
        CompiledCircuit compiled = chosen.backend().layout(program, chosen.layout().chosen().options());
        return new Compiled(p.graph(), p.passes(), p.plan(), program, chosen.backend(), chosen.layout(), chosen, compiled);
    }

    /**
     * The circuit a {@link LayoutPin} names: load, passes and quantization as {@link #compile}, then the pinned
     * per-layer gadgets and layout, with no search. Empty when the pin's backend is not one these options allow.
     */
    static Optional<Compiled> compilePinned(ModelOptions model, QuantOptions quant, CircuitOptions circuit, LayoutPin pin) {
        Backend backend = null;
        for (Backend b : circuit.backends(model.optLevel)) {
            if (b.name().equals(pin.backend())) {
                backend = b;
            }
        }
        if (backend == null) {
            return Optional.empty();
        }
        Graph loaded = model.withVisibility(ModelLoader.load(model.model, model.batch));
        PassManager.Result optimised = PassManager.forLevel(model.optLevel).run(loaded, (p, g) -> { });
        Graph graph = optimised.graph();
        FixedPointPlan plan = quant.plan(graph);
        GadgetProgram program = Lowering.lowerWith(graph, plan, pin.choices()).program();
        CompiledCircuit compiled = backend.layout(program, pin.layout());
        return Optional.of(new Compiled(graph, optimised.passes(), plan, program, backend, null, null, compiled));
    }

    /** Load, passes, quantization and the plan search, simulated by dry runs only (no layout). */
    static Planned plan(ModelOptions model, QuantOptions quant, CircuitOptions circuit, PassManager.Observer observer) {
        circuit.backends(model.optLevel); // an unknown --backend fails here, before the model is loaded
        Graph loaded = model.withVisibility(ModelLoader.load(model.model, model.batch));
        PassManager.Result optimised = PassManager.forLevel(model.optLevel).run(loaded, observer);
        Graph graph = optimised.graph();
        FixedPointPlan plan = quant.plan(graph);
        int level = model.optLevel;
        LayoutEvaluator.Limits limits = circuit.limits(level);
        PlanSearch.Plan chosen;
        PlanSearch search = planSearch(graph, plan, circuit, level, limits);
        try {
            chosen = search.search(circuit.backends(level));
        } catch (NoFeasibleLayoutException e) {
            if (circuit.maxMemory != null || limits.maxMemoryBytes() == Long.MAX_VALUE) {
                throw new UserError(model.model + ": " + e.getMessage());
            }
            // The default budget is a guess about the machine that will prove; a model that needs more must
            // still compile (and can be proved elsewhere), so say so instead of refusing.
            // The second search reuses the first one's dry runs: only the budget's verdict changes.
            chosen = search.withLimits(new LayoutEvaluator.Limits(limits.maxK(), Long.MAX_VALUE))
                    .search(circuit.backends(level));
            String warning = "every candidate layout needs more than the default memory budget ("
                    + (limits.maxMemoryBytes() >> 20) + " MiB, three quarters of this machine's RAM) to prove;"
                    + " chose the fastest regardless, and proving it here may run out of memory (--max-memory makes"
                    + " this an error)";
            if (model.command != null) {
                model.command.commandLine().getErr().println(model.model + ": warning: " + warning);
            }
            chosen = new PlanSearch.Plan(chosen.backend(), chosen.lowered(), chosen.layout(), chosen.layers(),
                    chosen.trials(), chosen.why() + "; " + warning);
        }
        return new Planned(graph, optimised.passes(), plan, chosen);
    }

    private static PlanSearch planSearch(Graph graph, FixedPointPlan plan, CircuitOptions circuit, int level,
            LayoutEvaluator.Limits limits) {
        // Below -O2 every layer keeps its default gadget; from -O2 the plan search weighs each layer's alternatives.
        return new PlanSearch(choices -> Lowering.lowerWith(graph, plan, choices),
                b -> circuit.strategyFor(b, level), circuit.costModel(), limits, level >= 2,
                level >= 3 ? PlanSearch.Depth.WIDE : PlanSearch.Depth.STANDARD);
    }
}
