package dev.zkmlc.circuit.mock;

import dev.zkmlc.circuit.cs.Column;

/**
 * One unsatisfied constraint, located: the {@code kind} ({@link #GATE}, {@link #LOOKUP}, {@link #COPY},
 * {@link #INSTANCE}, {@link #WITNESS}), the row, the column most directly involved, the gate or lookup
 * name and constraint index (-1 when not applicable), the region containing the row and its source
 * location (null when the row is in no region), and the values involved.
 */
public record Failure(String kind, int row, Column column, String gate, int constraintIndex, String region,
                      String origin, String detail) {
    public static final String GATE = "gate";
    public static final String LOOKUP = "lookup";
    public static final String COPY = "copy";
    public static final String INSTANCE = "instance";
    public static final String WITNESS = "witness";

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (origin != null && !origin.isEmpty()) {
            sb.append(origin).append(": ");
        }
        sb.append(kind);
        if (gate != null) {
            sb.append(" '").append(gate).append('\'');
            if (constraintIndex >= 0) {
                sb.append(" constraint ").append(constraintIndex);
            }
        }
        sb.append(" fails at row ").append(row);
        if (column != null) {
            sb.append(", column '").append(column.name()).append('\'');
        }
        if (region != null) {
            sb.append(", region '").append(region).append('\'');
        }
        if (detail != null && !detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        return sb.toString();
    }
}
