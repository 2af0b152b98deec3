package dev.zkmlc.circuit.gadget;

/**
 * How a gadget's dot products are laid out, chosen per gadget (so per layer) by the optimizer. Either way each
 * product is proved exactly; the choice only moves cells. A backend without the freedom (three-wire PLONK, one
 * term per row) ignores it.
 */
public enum DotLayout {
    /** Each dot product on rows of its own, as many terms per row as the width holds, chained (the default). */
    ROWS,
    /**
     * Short dot products side by side: segments of (the layer's longest dot product's terms, bias, result), as many
     * per row as the width holds. Fewer rows for layers whose dot products are much shorter than a row.
     */
    PACKED
}
