package dev.zkmlc.circuit.gadget;

/**
 * How a gadget's range checks wider than the lookup table are laid out, chosen per gadget (so per layer) by the
 * optimizer. Either way the value is split into table-bit limbs, each limb looked up; the choice only moves
 * cells, never what is proved. A backend without the freedom (vanilla PLONK's three wires) ignores it.
 */
public enum RangeLayout {
    /** One decomposition per row (the default). */
    ROWS,
    /** As many decompositions side by side in one row as the width holds (checks with equal sign and offset). */
    PACKED
}
