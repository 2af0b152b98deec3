package dev.zkmlc.cli;

import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.optimizer.lower.Lowering;
import dev.zkmlc.optimizer.pass.PassManager;
import java.util.List;

/**
 * The compiler's stages in order, as one pure function of the model and the options: load, graph
 * passes, quantization, lowering to gadgets, layout. The commands and the Maven plugin all compile
 * through here, so they cannot disagree.
 */
final class Pipeline {
    record Compiled(Graph graph, List<PassManager.PassRecord> passes, FixedPointPlan plan, GadgetProgram program,
            Backend backend, CompiledCircuit circuit) {}

    private Pipeline() {}

    static Compiled compile(ModelOptions model, QuantOptions quant, CircuitOptions circuit, PassManager.Observer observer) {
        Graph loaded = ModelLoader.load(model.model, model.batch);
        PassManager.Result optimised = PassManager.forLevel(model.optLevel).run(loaded, observer);
        Graph graph = optimised.graph();
        FixedPointPlan plan = quant.plan(graph);
        GadgetProgram program = Lowering.lower(graph, plan);
        Backend backend = circuit.backend();
        CompiledCircuit compiled = backend.layout(program, circuit.layout());
        return new Compiled(graph, optimised.passes(), plan, program, backend, compiled);
    }
}
