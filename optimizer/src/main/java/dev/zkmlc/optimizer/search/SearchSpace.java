package dev.zkmlc.optimizer.search;

import dev.zkmlc.circuit.backend.LayoutOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout knobs a search may combine: widths W and range-table bits b (independent of k, unlike ZKML,
 * which ties the table to 2^(k-1) rows), and the table segments S: a given number, or
 * {@link #SEGMENTS_PER_CANDIDATE} to let a cost-driven strategy add, for each candidate whose table sets k, the
 * segment counts that bring the table under each smaller k ({@link LayoutEvaluator#segmentAlternatives}). k itself
 * follows from the rows a layout needs.
 */
public record SearchSpace(List<Integer> widths, List<Integer> tableBits, int tableSegments) {
    /** S chosen per candidate from its table's rows. */
    public static final int SEGMENTS_PER_CANDIDATE = 0;

    public SearchSpace {
        widths = List.copyOf(widths);
        tableBits = List.copyOf(tableBits);
        if (widths.isEmpty() || tableBits.isEmpty()) {
            throw new IllegalArgumentException("a search space needs at least one width and one table size");
        }
        if (tableSegments < 0 || tableSegments > LayoutOptions.MAX_TABLE_SEGMENTS) {
            throw new IllegalArgumentException("table segments must be in [1, " + LayoutOptions.MAX_TABLE_SEGMENTS
                    + "] or chosen per candidate: " + tableSegments);
        }
    }

    /** Segments chosen per candidate. */
    public SearchSpace(List<Integer> widths, List<Integer> tableBits) {
        this(widths, tableBits, SEGMENTS_PER_CANDIDATE);
    }

    /**
     * -O2: the widths and table sizes that matter in practice (55 candidates, and their segment counts). 28 is there
     * for the in-place Freivalds checks, which put W/2 weights on a row: 784x56x10's 56-column layer takes 4 blocks
     * at 14 or 16 per row, so W = 28 gives the rows of W = 32 with 4 fewer advice columns.
     */
    public static SearchSpace standard() {
        return new SearchSpace(List.of(5, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32), List.of(8, 9, 10, 11, 12));
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

    /** The same widths and table bits with the table in {@code segments} segments (or chosen per candidate: 0). */
    public SearchSpace withTableSegments(int segments) {
        return new SearchSpace(widths, tableBits, segments);
    }

    /** Whether a strategy may add segment counts per candidate. */
    public boolean segmentsPerCandidate() {
        return tableSegments == SEGMENTS_PER_CANDIDATE;
    }

    /** Every (W, b) pair, widths outermost, with the given segments (one when chosen per candidate). */
    public List<LayoutOptions> candidates() {
        int segments = segmentsPerCandidate() ? 1 : tableSegments;
        List<LayoutOptions> r = new ArrayList<>();
        for (int w : widths) {
            for (int b : tableBits) {
                r.add(new LayoutOptions(w, b, 0, segments));
            }
        }
        return r;
    }
}
