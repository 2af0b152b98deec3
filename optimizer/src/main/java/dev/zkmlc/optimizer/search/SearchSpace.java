package dev.zkmlc.optimizer.search;

import dev.zkmlc.circuit.backend.LayoutOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout knobs a search may combine: widths W and range-table bits b (independent of k, unlike ZKML,
 * which ties the table to 2^(k-1) rows). k itself follows from the rows a layout needs.
 */
public record SearchSpace(List<Integer> widths, List<Integer> tableBits) {
    public SearchSpace {
        widths = List.copyOf(widths);
        tableBits = List.copyOf(tableBits);
        if (widths.isEmpty() || tableBits.isEmpty()) {
            throw new IllegalArgumentException("a search space needs at least one width and one table size");
        }
    }

    /** -O2: the widths and table sizes that matter in practice (50 candidates). */
    public static SearchSpace standard() {
        return new SearchSpace(List.of(5, 6, 8, 10, 12, 14, 16, 20, 24, 32), List.of(8, 9, 10, 11, 12));
    }

    /** -O3: every width from 5 to 64 in small steps, and every table size from 6 to 16 bits (a superset of -O2's). */
    public static SearchSpace wide() {
        List<Integer> ws = new ArrayList<>();
        for (int w = 5; w <= 16; w++) {
            ws.add(w);
        }
        for (int w = 18; w <= 64; w += w < 32 ? 2 : 8) {
            ws.add(w);
        }
        List<Integer> bs = new ArrayList<>();
        for (int b = 6; b <= 16; b++) {
            bs.add(b);
        }
        return new SearchSpace(ws, bs);
    }

    /** Every (W, b) pair, widths outermost. */
    public List<LayoutOptions> candidates() {
        List<LayoutOptions> r = new ArrayList<>();
        for (int w : widths) {
            for (int b : tableBits) {
                r.add(new LayoutOptions(w, b, 0));
            }
        }
        return r;
    }
}
