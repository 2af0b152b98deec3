package dev.zkmlc.cli;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.backend.plonk.PlonkBackend;
import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.optimizer.cost.CostModel;
import dev.zkmlc.optimizer.cost.CostProfile;
import dev.zkmlc.optimizer.cost.CostProfileException;
import dev.zkmlc.optimizer.cost.DefaultCostModel;
import dev.zkmlc.optimizer.strategy.FixedLayout;
import dev.zkmlc.optimizer.strategy.LayoutStrategy;
import dev.zkmlc.optimizer.strategy.Strategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Option(names = "--cost-profile", paramLabel = "FILE",
            description = "Unit costs for the layout search's cost model, from zkmlc calibrate-cost (default: the shipped profile).")
    Path costProfile;

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

    /** An explicit --width or --table-bits fixes the layout; otherwise the level's strategy chooses it. */
    LayoutStrategy strategy(int optLevel) {
        return width != null || tableBits != null ? new FixedLayout(layout()) : Strategies.forLevel(optLevel);
    }

    CostModel costModel() {
        return new DefaultCostModel(profile());
    }

    CostProfile profile() {
        if (costProfile == null) {
            return CostProfile.defaults();
        }
        try {
            return CostProfile.fromJson(Files.readString(costProfile), costProfile.toString());
        } catch (IOException e) {
            throw new UserError(costProfile + ": cannot read the cost profile (" + e.getMessage() + ")");
        } catch (CostProfileException e) {
            throw new UserError(e.getMessage());
        }
    }
}
