package dev.zkmlc.backend.plonk;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import java.util.Random;

/** How this backend's gadget tests lay a program out; the checks themselves are circuit's {@code CircuitChecks}. */
final class CircuitHarness {
    private CircuitHarness() {}

    /** Lays out with the vanilla or the lookup-table variant, at random table bits. */
    static CompiledCircuit compile(GadgetProgram p, Random r) {
        PlonkBackend backend = r.nextBoolean() ? PlonkBackend.vanilla() : PlonkBackend.withLookupTable();
        return backend.layout(p, LayoutOptions.defaults().withTableBits(4 + r.nextInt(6)));
    }
}
