package dev.zkmlc.circuit.cs;

import dev.zkmlc.circuit.field.Fr;

/**
 * Reads the value of a column at an absolute row. {@link Expression#evaluate} passes
 * {@code row + rotation} unreduced; the reader decides how rows outside [0, 2^k) wrap
 * ({@link ConstraintSystem#reader} wraps them modulo 2^k, as halo2 does).
 */
@FunctionalInterface
public interface CellReader {
    Fr read(Column column, int row);

    /** The value of challenge {@code index}; readers that know none refuse (bind them first, {@link Challenges#bind}). */
    default Fr challenge(int index) {
        throw new CircuitException("challenge " + index + " has no value here (bind the challenges first)");
    }
}
