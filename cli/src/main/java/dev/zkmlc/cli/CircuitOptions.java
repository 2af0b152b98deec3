package dev.zkmlc.cli;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.backend.plonk.PlonkBackend;
import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.optimizer.cost.CostModel;
import dev.zkmlc.optimizer.cost.CostProfile;
import dev.zkmlc.optimizer.cost.CostProfileException;
import dev.zkmlc.optimizer.cost.DefaultCostModel;
import dev.zkmlc.optimizer.search.LayoutEvaluator;
import dev.zkmlc.optimizer.search.SearchSpace;
import dev.zkmlc.optimizer.strategy.FixedLayout;
import dev.zkmlc.optimizer.strategy.LayoutStrategy;
import dev.zkmlc.optimizer.strategy.MinCost;
import dev.zkmlc.optimizer.strategy.Strategies;
import java.io.IOException;
import java.nio.file.Files;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Which backend lays the circuit out, and its knobs. */
final class CircuitOptions {
    @Option(names = "--backend", paramLabel = "NAME", defaultValue = AUTO,
            description = "Backend: halo2 (wide PLONKish rows with custom gates and lookups), plonk (vanilla PLONK gates"
            + " with one plookup table), plonk-vanilla (vanilla PLONK, bit decomposition only), or auto: halo2 at -O0"
            + " and -O1, the cheapest of the three by the cost model at -O2 and -O3 (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--max-memory", paramLabel = "SIZE",
            description = "Memory budget of the prover (e.g. 8G, 512M): the layout search rejects candidates whose"
            + " estimated peak memory exceeds it (default: three quarters of this machine's RAM).")
    String maxMemory;

    @Option(names = "--width", paramLabel = "W", converter = OptionValues.Positive.class, description = "Advice columns per row (default: the backend's).")
    Integer width;

    @Option(names = "--table-bits", paramLabel = "B", converter = OptionValues.TableBits.class, description = "Bits of the range-check lookup table (default: the backend's).")
    Integer tableBits;

    @Option(names = "--table-segments", paramLabel = "S", converter = OptionValues.TableSegments.class,
            description = "Spread the lookup table over S tuples of fixed columns, so that it needs 1/S of the rows"
            + " (default: 1 below -O2; chosen per layout by the cost model at -O2 and -O3).")
    Integer tableSegments;

    @Option(names = "--cost-profile", paramLabel = "FILE",
            description = "Unit costs for the layout search's cost model, from zkmlc calibrate-cost (default: the shipped profile).")
    Path costProfile;

    static final String AUTO = "auto";

    /** The backend to use without a search: the pinned one, or halo2 for auto. */
    Backend backend() {
        if (backend.equals(AUTO) || backend.equals("halo2") || backend.equals("halo2-style")) {
            return new Halo2StyleBackend();
        }
        if (backend.equals("plonk")) {
            return PlonkBackend.withLookupTable();
        }
        if (backend.equals("plonk-vanilla")) {
            return PlonkBackend.vanilla();
        }
        throw new UsageError("--backend: unknown backend '" + backend + "' (available: auto, halo2, plonk, plonk-vanilla)");
    }

    /**
     * The backends a plan search at {@code optLevel} weighs: the pinned one, or all three for auto at -O2 and up
     * (auto with --width or --table-bits, which are halo2 knobs, means halo2).
     */
    List<Backend> backends(int optLevel) {
        if (!backend.equals(AUTO) || optLevel <= 1 || width != null || tableBits != null) {
            return List.of(backend());
        }
        return List.of(new Halo2StyleBackend(), PlonkBackend.withLookupTable(), PlonkBackend.vanilla());
    }

    /**
     * The layout strategy for one backend: fixed when --width or --table-bits is given or below -O2; otherwise
     * min-cost over the level's space, restricted to the knobs the backend has (PLONK has three wires, and its
     * vanilla form no table).
     */
    LayoutStrategy strategyFor(Backend b, int optLevel) {
        LayoutStrategy s = strategy(optLevel);
        if (!(s instanceof MinCost)) {
            return s;
        }
        SearchSpace space = (optLevel >= 3 ? SearchSpace.wide() : SearchSpace.standard())
                .withTableSegments(tableSegments == null ? SearchSpace.SEGMENTS_PER_CANDIDATE : tableSegments);
        if (b instanceof PlonkBackend p) {
            return new MinCost(new SearchSpace(List.of(PlonkBackend.WIRES),
                    p.usesLookupTable() ? space.tableBits() : List.of(LayoutOptions.defaults().tableBits()),
                    space.tableSegments()));
        }
        return new MinCost(space);
    }

    /**
     * Candidates above the memory budget are rejected: the given --max-memory, else at -O2 and up (where there
     * is a choice) the default budget; a fixed layout below -O2 is not second-guessed.
     */
    LayoutEvaluator.Limits limits(int optLevel) {
        long budget = maxMemory != null ? parseSize(maxMemory) : optLevel >= 2 ? defaultMemoryBudget() : Long.MAX_VALUE;
        return new LayoutEvaluator.Limits(LayoutEvaluator.Limits.defaults().maxK(), budget);
    }

    static long defaultMemoryBudget() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        long total = os instanceof com.sun.management.OperatingSystemMXBean s ? s.getTotalMemorySize() : 0;
        return total > 0 ? total / 4 * 3 : Long.MAX_VALUE;
    }

    /** 123, 512K, 64M, 8G, 1T (binary multiples). */
    static long parseSize(String text) {
        String t = text.strip().toUpperCase(java.util.Locale.ROOT);
        if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = 0;
        if (!t.isEmpty()) {
            int at = "KMGT".indexOf(t.charAt(t.length() - 1));
            if (at >= 0) {
                shift = 10 * (at + 1);
                t = t.substring(0, t.length() - 1);
            }
        }
        try {
            long v = Long.parseLong(t.strip());
            if (v <= 0 || v > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return v << shift;
        } catch (NumberFormatException e) {
            throw new UsageError("--max-memory: '" + text + "' is not a positive size (e.g. 8G, 512M, 1048576)");
        }
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
            if (tableSegments != null) {
                o = o.withTableSegments(tableSegments);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        return o;
    }

    /**
     * An explicit --width or --table-bits fixes the layout (with --table-segments, or one segment); otherwise the
     * level's strategy chooses it, below -O2 the default layout with the given --table-segments.
     */
    LayoutStrategy strategy(int optLevel) {
        if (width != null || tableBits != null || tableSegments != null && optLevel <= 1) {
            return new FixedLayout(layout());
        }
        return Strategies.forLevel(optLevel);
    }

    CostModel costModel() {
        return new DefaultCostModel(profile());
    }

    CostProfile profile() {
        if (costProfile == null) {
            return CostProfile.defaults();
        }
        try {
            return CostProfile.fromJson(Files.readString(FileArgs.readable(costProfile)), costProfile.toString());
        } catch (IOException e) {
            throw new UserError(costProfile + ": cannot read the cost profile (" + e.getMessage() + ")");
        } catch (CostProfileException e) {
            throw new UserError(e.getMessage());
        }
    }
}
