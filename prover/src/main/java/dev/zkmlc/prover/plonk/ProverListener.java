package dev.zkmlc.prover.plonk;

/** Told when each phase of a proof starts, for a progress display on long runs. */
@FunctionalInterface
public interface ProverListener {
    ProverListener NONE = phase -> { };

    /** Called with the phase's name ("advice commitments", "quotient", ...) as it starts. */
    void phase(String name);
}
