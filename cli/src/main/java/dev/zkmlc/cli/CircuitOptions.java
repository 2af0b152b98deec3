package dev.zkmlc.cli;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.backend.plonk.PlonkBackend;
import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.LayoutOptions;
import picocli.CommandLine.Option;

/** Which backend lays the circuit out, and its knobs. */
final class CircuitOptions {
    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "halo2",
            description = "Backend: halo2 (wide PLONKish rows with custom gates and lookups), plonk (vanilla PLONK gates"
            + " with one plookup table), plonk-vanilla (vanilla PLONK, bit decomposition only) (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--width", paramLabel = "W", description = "Advice columns per row (default: the backend's).")
    Integer width;

    @Option(names = "--table-bits", paramLabel = "B", description = "Bits of the range-check lookup table (default: the backend's).")
    Integer tableBits;

    Backend backend() {
        if (backend.equals("halo2") || backend.equals("halo2-style")) {
            return new Halo2StyleBackend();
        }
        if (backend.equals("plonk")) {
            return PlonkBackend.withLookupTable();
        }
        if (backend.equals("plonk-vanilla")) {
            return PlonkBackend.vanilla();
        }
        throw new UserError("--backend: unknown backend '" + backend + "' (available: halo2, plonk, plonk-vanilla)");
    }

    LayoutOptions layout() {
        LayoutOptions o = LayoutOptions.defaults();
        try {
            if (width != null) {
                o = o.withWidth(width);
            }
            if (tableBits != null) {
                o = o.withTableBits(tableBits);
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        return o;
    }
}
