package dev.zkmlc.backend.halo2;

import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.backend.SegmentedTableProperties;

/** The table-segment properties ({@link SegmentedTableProperties}) on rows of six advice columns. */
class SegmentedTableTest extends SegmentedTableProperties {
    @Override
    protected Backend backend() {
        return new Halo2StyleBackend();
    }

    @Override
    protected LayoutOptions options(int segments) {
        return new LayoutOptions(6, 5, 0, segments);
    }
}
