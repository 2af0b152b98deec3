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
import dev.zkmlc.optimizer.search.SearchResult;
import java.util.List;

/**
 * The compiler's stages in order, as one pure function of the model and the options: load, graph
 * passes, quantization, lowering to gadgets, layout search (-O2/-O3) and layout. The commands and the Maven plugin all compile
 * through here, so they cannot disagree.
 */
final class Pipeline {
    record Compiled(Graph graph, List<PassManager.PassRecord> passes, FixedPointPlan plan, GadgetProgram program,
            Backend backend, SearchResult layoutSearch, CompiledCircuit circuit) {}

    private Pipeline() {}

    static Compiled compile(ModelOptions model, QuantOptions quant, CircuitOptions circuit, PassManager.Observer observer) {
        Graph loaded = model.withVisibility(ModelLoader.load(model.model, model.batch));
        PassManager.Result optimised = PassManager.forLevel(model.optLevel).run(loaded, observer);
        Graph graph = optimised.graph();
        FixedPointPlan plan = quant.plan(graph);
        GadgetProgram program = Lowering.lower(graph, plan);
        Backend backend = circuit.backend();
        SearchResult search;
        try {
            search = circuit.strategy(model.optLevel)
                    .search(new LayoutEvaluator(program, backend, circuit.costModel(), LayoutEvaluator.Limits.defaults()));
        } catch (NoFeasibleLayoutException e) {
            throw new UserError(model.model + ": " + e.getMessage());
        }
        CompiledCircuit compiled = backend.layout(program, search.chosen().options());
        return new Compiled(graph, optimised.passes(), plan, program, backend, search, compiled);
    }
}
