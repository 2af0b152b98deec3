package dev.zkmlc.cli;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.backend.plonk.PlonkBackend;
import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.gadget.Gadget;
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
 * who sees them and what that costs under the chosen backend: public values (instance rows), the
 * rows of the Poseidon chain that hashes a hashed tensor ({@code hashRows}: on the chain's own
 * columns under halo2-style, so the circuit grows to the larger of these rows and the model's;
 * after the model's rows under plonk), and for weights the prover supplies (private, public,
 * hashed) the rows of their range checks ({@code rangeCheckRows}: a dry run of the program with
 * and without them). {@code rows} is the sum. Fixed weights cost no rows: they sit in fixed
 * columns, and the verifying key then identifies them.
 */
final class VisibilityReport {
    private VisibilityReport() {}

    static Map<String, Object> of(Graph g, GadgetProgram program, Backend backend, LayoutOptions options) {
        Map<String, Object> m = CompileReport.section();
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (Input in : g.inputs()) {
            inputs.add(entry(in.name(), in.visibility(), Math.toIntExact(in.type().shape().size()), backend, 0));
        }
        m.put("inputs", inputs);
        Visibility pv = g.parameterVisibility();
        long count = 0;
        for (Tensor t : g.initializers().values()) {
            count += t.shape().size();
        }
        // Private, public and hashed weights are the lowered model's private constants (what a commitment hashes).
        int elements = pv == Visibility.FIXED ? Math.toIntExact(count) : program.privateConstants().length;
        Map<String, Object> params = entry("parameters", pv, elements, backend, weightRangeCheckRows(program, backend, options));
        params.remove("name");
        m.put("parameters", params);
        List<Map<String, Object>> outputs = new ArrayList<>();
        for (Output o : g.outputs()) {
            outputs.add(entry(o.name(), o.visibility(), Math.toIntExact(g.typeOf(o.name()).shape().size()), backend, 0));
        }
        m.put("outputs", outputs);
        return m;
    }

    private static Map<String, Object> entry(String name, Visibility v, int elements, Backend backend, int rangeCheckRows) {
        Map<String, Object> e = CompileReport.section();
        e.put("name", name);
        e.put("visibility", v.keyword());
        e.put("elements", elements);
        e.put("publicValues", v == Visibility.PUBLIC ? elements : v == Visibility.HASHED ? 1 : 0);
        int hashRows = v != Visibility.HASHED ? 0
                : backend instanceof PlonkBackend ? PlonkBackend.hashRows(elements) : Halo2StyleBackend.hashRows(elements);
        e.put("rows", hashRows + rangeCheckRows);
        e.put("hashRows", hashRows);
        e.put("rangeCheckRows", rangeCheckRows);
        return e;
    }

    /**
     * Rows of the range checks on the weights the prover supplies: the model's rows (hash chains
     * left out) with and without the range checks whose wires are all such weights. At least 0: a matmul whose
     * weights are checked in place (docs/gadgets.md) lays its weights out for their lookups, and without the checks
     * it takes another layout, which may be longer; the checks then cost no rows of their own.
     */
    static int weightRangeCheckRows(GadgetProgram program, Backend backend, LayoutOptions options) {
        boolean[] supplied = new boolean[program.wireCount()];
        for (int w : program.privateConstants()) {
            supplied[w] = true;
        }
        GadgetProgram all = program.restrictedTo(x -> true);
        GadgetProgram without = program.restrictedTo(x -> !(x instanceof Gadget.RangeCheck r && allOf(r.wires(), supplied)));
        return Math.max(0, backend.dryRun(all, options).usedRows() - backend.dryRun(without, options).usedRows());
    }

    private static boolean allOf(int[] wires, boolean[] set) {
        for (int w : wires) {
            if (!set[w]) {
                return false;
            }
        }
        return wires.length > 0;
    }
}
