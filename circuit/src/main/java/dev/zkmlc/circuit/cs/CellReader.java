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
}
