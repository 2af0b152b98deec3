package dev.zkmlc.cli;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Output;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The compile report's {@code visibility} section: for the inputs, the weights and each output,
 * who sees them and what that costs: public values (instance rows), and the rows of the Poseidon
 * chain that hashes a hashed tensor (on the chain's own columns, so the circuit grows to the larger
 * of these rows and the model's). Fixed weights cost no rows: they sit in fixed columns, and the
 * verifying key then identifies them.
 */
final class VisibilityReport {
    private VisibilityReport() {}

    static Map<String, Object> of(Graph g, GadgetProgram program) {
        Map<String, Object> m = CompileReport.section();
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (Input in : g.inputs()) {
            inputs.add(entry(in.name(), in.visibility(), Math.toIntExact(in.type().shape().size())));
        }
        m.put("inputs", inputs);
        Visibility pv = g.parameterVisibility();
        long count = 0;
        for (Tensor t : g.initializers().values()) {
            count += t.shape().size();
        }
        // Private, public and hashed weights are the lowered model's private constants (what a commitment hashes).
        int elements = pv == Visibility.FIXED ? Math.toIntExact(count) : program.privateConstants().length;
        Map<String, Object> params = entry("parameters", pv, elements);
        params.remove("name");
        m.put("parameters", params);
        List<Map<String, Object>> outputs = new ArrayList<>();
        for (Output o : g.outputs()) {
            outputs.add(entry(o.name(), o.visibility(), Math.toIntExact(g.typeOf(o.name()).shape().size())));
        }
        m.put("outputs", outputs);
        return m;
    }

    private static Map<String, Object> entry(String name, Visibility v, int elements) {
        Map<String, Object> e = CompileReport.section();
        e.put("name", name);
        e.put("visibility", v.keyword());
        e.put("elements", elements);
        e.put("publicValues", v == Visibility.PUBLIC ? elements : v == Visibility.HASHED ? 1 : 0);
        e.put("rows", v == Visibility.HASHED ? Halo2StyleBackend.hashRows(elements) : 0);
        return e;
    }
}
