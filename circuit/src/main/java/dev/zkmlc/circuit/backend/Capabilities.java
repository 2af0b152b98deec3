package dev.zkmlc.circuit.backend;

/**
 * What a backend's constraint systems can use, so that the optimizer only proposes gadget choices
 * the backend can lay out.
 *
 * @param adviceColumns advice columns per row (the width W), as configured
 * @param customGates whether gates other than the vanilla PLONK gate are used
 * @param lookups whether lookup arguments are available
 * @param maxDegree the largest gate degree the backend emits
 */
public record Capabilities(int adviceColumns, boolean customGates, boolean lookups, int maxDegree) {}
