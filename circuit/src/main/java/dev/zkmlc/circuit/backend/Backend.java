package dev.zkmlc.circuit.backend;

import dev.zkmlc.circuit.gadget.GadgetProgram;

/**
 * A layout strategy for gadget programs: the plug-in point for a new arithmetization (halo2-style
 * wide rows, vanilla PLONK, ...). {@link #dryRun} must run the same placement code as
 * {@link #layout}, without witness values, so that the optimizer's simulated costs are exact.
 */
public interface Backend {
    /** A short stable name, e.g. {@code halo2-style}. */
    String name();

    /** What this backend's circuits use under the given options. */
    Capabilities capabilities(LayoutOptions options);

    /** Lays the program out into a constraint system with a witness generator. */
    CompiledCircuit layout(GadgetProgram program, LayoutOptions options);

    /** Only counts: rows, columns, lookups, copies, degree and k. */
    LayoutStats dryRun(GadgetProgram program, LayoutOptions options);

    /**
     * A floor under the counts {@link #dryRun} reports for {@code program} at {@code options}, found without placing
     * anything (e.g. the rows its dot products alone take), far cheaper than a dry run; null (the default) when the
     * backend knows none. Every count must be at most the dry run's (k, used rows, columns of each kind, lookups,
     * equality columns, degree, cells): a search skips a candidate whose estimated cost at this
     * floor already loses.
     */
    default LayoutStats statsFloor(GadgetProgram program, LayoutOptions options) {
        return null;
    }
}
