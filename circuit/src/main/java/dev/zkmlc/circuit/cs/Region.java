package dev.zkmlc.circuit.cs;

import java.util.Objects;

/**
 * Provenance of a row range: the gadget that laid it out ({@code name}, e.g. {@code "dense/dot"}) and
 * where in the user's model it came from ({@code origin}, free text such as {@code "mlp.zk:4:9"} or
 * {@code "model.onnx: node 'Gemm_0'"}). Every constraint failure is reported with the region that
 * contains its row.
 */
public record Region(String name, String origin, int firstRow, int rowCount) {
    public Region {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(origin, "origin");
        if (firstRow < 0 || rowCount < 0) {
            throw new IllegalArgumentException("region '" + name + "': bad row range " + firstRow + "+" + rowCount);
        }
    }

    /** One past the last row. */
    public int endRow() {
        return firstRow + rowCount;
    }

    public boolean contains(int row) {
        return row >= firstRow && row < firstRow + rowCount;
    }

    @Override
    public String toString() {
        return "'" + name + "' [" + origin + "] rows " + firstRow + ".." + (endRow() - 1);
    }
}
