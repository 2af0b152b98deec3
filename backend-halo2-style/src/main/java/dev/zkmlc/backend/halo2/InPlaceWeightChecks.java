package dev.zkmlc.backend.halo2;

import dev.zkmlc.circuit.gadget.Gadget;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.gadget.RangeBase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The vector-times-matrix Freivalds checks whose weights are range-checked in place, on the check's own rows, and the
 * weights whose range-check rows they make unnecessary.
 *
 * <p>A matmul qualifies when A is one row, B is not fixed by the verifying key, and every wire of B has a table-based
 * range check ({@link Gadget.RangeCheck}) to one and the same range that one lookup decides: a width of a power of two
 * and at most the table's bits, holding 0 (weights the prover supplies get such a check, see {@code
 * GadgetProgram.constants}). Its rows then hold B's rows in the even columns, each looked up against that range
 * ({@link Fixed#Q_FW}), so the weights need no range rows and no copies into them: for a private 784x56 layer that
 * saves a row of range checks per W/2 weights and a copy per weight.
 */
final class InPlaceWeightChecks {
    private static final int NONE = -1;

    /** The distinct ranges, indexed by the entries of the arrays below. */
    private final List<Interval> ranges = new ArrayList<>();
    /** Per gadget: the range its weights are checked to in place, for a qualifying matmul; NONE otherwise. */
    private final int[] matmulRange;
    /** Per wire: the range a qualifying matmul checks it to; NONE for every other wire; null when no matmul can qualify. */
    private final int[] checkedRange;

    InPlaceWeightChecks(GadgetProgram program, int tableBits) {
        List<Gadget> gadgets = program.gadgets();
        matmulRange = new int[gadgets.size()];
        Arrays.fill(matmulRange, NONE);
        if (gadgets.stream().noneMatch(g -> g instanceof Gadget.MatMul mm && mm.m() == 1)) {
            // Most programs have no one-row product: no per-wire tables, which the plan search would build per layout.
            checkedRange = null;
            return;
        }
        int[] candidate = new int[program.wireCount()];
        Arrays.fill(candidate, NONE);
        for (int gi = 0; gi < gadgets.size(); gi++) {
            if (gadgets.get(gi) instanceof Gadget.RangeCheck r && program.rangeBase(gi) != RangeBase.BITS
                    && oneLookup(r.range(), tableBits)) {
                int id = idOf(r.range());
                for (int wire : r.wires()) {
                    if (candidate[wire] == NONE) {
                        candidate[wire] = id;
                    }
                }
            }
        }
        checkedRange = new int[program.wireCount()];
        Arrays.fill(checkedRange, NONE);
        for (int gi = 0; gi < gadgets.size(); gi++) {
            if (gadgets.get(gi) instanceof Gadget.MatMul mm && mm.m() == 1) {
                int id = sharedRange(mm.b(), candidate);
                if (id != NONE) {
                    matmulRange[gi] = id;
                    for (int wire : mm.b()) {
                        checkedRange[wire] = id;
                    }
                }
            }
        }
    }

    /**
     * Whether one lookup into the range table (tag bits + 1) decides membership: a power-of-two width of <= tableBits.
     * The range must also hold 0, the value of a narrow block's free even cells, which the rows' lookups read too.
     */
    private static boolean oneLookup(Interval range, int tableBits) {
        long width = range.width();
        int bits = Interval.bitsFor(width);
        return bits <= tableBits && width + 1 == 1L << bits && range.contains(0);
    }

    /**
     * The range every wire of ws has a candidate check to, or NONE. (A fixed constant has no range check, so B is
     * then not all candidates; were one checked, its cell would be tied to the constant and looked up like the rest.)
     */
    private static int sharedRange(int[] ws, int[] candidate) {
        int id = candidate[ws[0]];
        for (int wire : ws) {
            if (candidate[wire] != id) {
                return NONE;
            }
        }
        return id;
    }

    private int idOf(Interval range) {
        int i = ranges.indexOf(range);
        if (i < 0) {
            ranges.add(range);
            i = ranges.size() - 1;
        }
        return i;
    }

    /** The range gadget {@code gi}'s weights are checked to on its own rows, or null when it is not such a matmul. */
    Interval matmulRange(int gi) {
        int id = matmulRange[gi];
        return id == NONE ? null : ranges.get(id);
    }

    /** Whether a check of {@code wire} to {@code range} is made in place by a matmul, so needs no range row. */
    boolean covers(int wire, Interval range) {
        if (checkedRange == null) {
            return false;
        }
        int id = checkedRange[wire];
        return id != NONE && ranges.get(id).equals(range);
    }

    /** How many of a range check's wires still need a range row. */
    int uncovered(Gadget.RangeCheck r) {
        int id = ranges.indexOf(r.range());
        if (id < 0) {
            return r.wires().length;
        }
        int n = 0;
        for (int wire : r.wires()) {
            if (checkedRange[wire] != id) {
                n++;
            }
        }
        return n;
    }
}
