package dev.zkmlc.circuit.gadget;

/**
 * The base a gadget's range checks are proved in, chosen per gadget (so per layer) by the optimizer. Each check
 * gets as many limbs as its own range needs (a 9-bit check has 9 bits, or one 8-bit and one 1-bit limb), never
 * the program's widest. A backend without a lookup argument has only {@link #BITS}.
 */
public enum RangeBase {
    /**
     * Limbs of the lookup table's bits, each looked up in the range table (a check no wider than the table is one
     * lookup of the value itself): the default.
     */
    TABLE,
    /**
     * Base 2: one cell per bit, each proved boolean by the decomposition's own gate. No lookup and no range table;
     * a circuit whose every check is in bits and that has no function table needs no lookup argument at all.
     */
    BITS
}
