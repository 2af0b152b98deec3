package dev.zkmlc.circuit.cs;

/** The three kinds of PLONKish column, as halo2 has them. */
public enum ColumnKind {
    /** Private values the prover assigns per proof (the witness). */
    ADVICE,
    /** Values fixed by the circuit: selectors, constants, lookup tables. */
    FIXED,
    /** Public values the verifier supplies (inputs and outputs). */
    INSTANCE
}
