package dev.zkmlc.circuit.cs;

import java.util.Objects;

/**
 * An equality (copy) constraint: the two cells hold the same value. Both columns must be
 * equality-enabled ({@link ConstraintSystemBuilder#enableEquality}), as in halo2, because each such
 * column costs the prover a permutation polynomial.
 */
public record Copy(CellRef a, CellRef b) {
    public Copy {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
    }
}
