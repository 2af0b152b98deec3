package dev.zkmlc.circuit.audit;

/**
 * A second witness that satisfies every constraint but differs from the honest one: evidence that a
 * gadget is under-constrained.
 *
 * @param mutation how the witness was changed (e.g. {@code wire 17 + 1, downstream re-solved})
 * @param gadget the kind of the gadget whose value was changed ({@code dot}, {@code divround}, ...),
 *     or {@code null} when the changed cells belong to no gadget output
 * @param origin the gadget's or the region's source location (graph node and file position)
 * @param region the region of the first changed cell, {@code null} when it lies in none
 * @param cell the first changed cell, e.g. {@code a3@42}
 * @param changesOutput whether the accepted witness claims a different model output
 */
public record Finding(String mutation, String gadget, String origin, String region, String cell, boolean changesOutput) {
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (origin != null && !origin.isEmpty()) {
            sb.append(origin).append(": ");
        }
        sb.append(gadget == null ? "cells" : "gadget '" + gadget + "'").append(" under-constrained: ").append(mutation)
                .append(" is accepted");
        if (cell != null) {
            sb.append(" (first changed cell ").append(cell);
            if (region != null) {
                sb.append(" in region '").append(region).append('\'');
            }
            sb.append(')');
        }
        sb.append(changesOutput ? "; the model's output changes" : "; the model's output is unchanged");
        return sb.toString();
    }
}
