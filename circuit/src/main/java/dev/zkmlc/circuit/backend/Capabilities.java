package dev.zkmlc.circuit.backend;

/**
 * What a backend's constraint systems can use, so that the optimizer only proposes gadget choices
 * the backend can lay out.
 *
 * @param adviceColumns advice columns per row (the width W), as configured
 * @param customGates whether gates other than the vanilla PLONK gate are used
 * @param lookups whether lookup arguments are available
 * @param maxDegree the largest gate degree the backend emits
 * @param challenges whether it lays out gadgets that need a challenge phase ({@link
 *     dev.zkmlc.circuit.gadget.Gadget.MatMul}'s Freivalds check)
 * @param fusedDotRescale whether it lays out {@link dev.zkmlc.circuit.gadget.Gadget.DotRescale} (dot product, rescale
 *     and relu on the dot product's last row)
 */
public record Capabilities(int adviceColumns, boolean customGates, boolean lookups, int maxDegree, boolean challenges,
        boolean fusedDotRescale) {
    /** A backend without a challenge phase. */
    public Capabilities(int adviceColumns, boolean customGates, boolean lookups, int maxDegree) {
        this(adviceColumns, customGates, lookups, maxDegree, false);
    }

    /** A backend without the fused dense gadget. */
    public Capabilities(int adviceColumns, boolean customGates, boolean lookups, int maxDegree, boolean challenges) {
        this(adviceColumns, customGates, lookups, maxDegree, challenges, false);
    }
}
