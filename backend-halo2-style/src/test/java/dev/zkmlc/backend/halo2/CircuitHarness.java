package dev.zkmlc.backend.halo2;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.gadget.GadgetProgram;

/** How this backend's gadget tests lay a program out; the checks themselves are circuit's {@code CircuitChecks}. */
final class CircuitHarness {
    private CircuitHarness() {}

    static CompiledCircuit compile(GadgetProgram p, LayoutOptions options) {
        return new Halo2StyleBackend().layout(p, options);
    }
}
