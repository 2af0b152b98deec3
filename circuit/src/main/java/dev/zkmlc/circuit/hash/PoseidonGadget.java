package dev.zkmlc.circuit.hash;

import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The Poseidon permutation of one {@link PoseidonParameters} instance as custom gates: one row per
 * round, so a permutation of width t takes {@link #rowsPerPermutation()} = R_F + R_P + 1 rows on t
 * state columns (row r holds the state before round r, the last row the output).
 *
 * <p>Columns: t advice state columns s_i (equality-enabled, so inputs and outputs can be copied in
 * and out), t fixed round-constant columns rc_i, the selectors q_full and q_partial, and one fixed,
 * equality-enabled column of input constants (a hash's zero capacity, a chain's length and padding).
 * On a row with q_full = 1 every s_i(next) = Σ_j M[i][j]·(s_j + rc_j)^5; with q_partial = 1 only
 * element 0 goes through the S-box. Every state cell after the input row is thus fixed by the row
 * above it: the output is a function of the input row alone.
 *
 * <p>Two gate shapes, by the degree the backend allows (see {@link SboxGates}).
 *
 * <p>Usage: {@code configure} once per circuit and width; for each permutation, {@code layout}
 * (fixed columns, selectors, copies: the part the keys depend on) and {@code assign} (the witness).
 */
public final class PoseidonGadget {

    /** How the S-box x^5 is written as constraints. */
    public enum SboxGates {
        /** x^5 inside the round gate: gate degree 6 (5 and the selector), no extra columns. */
        DEGREE_5,
        /**
         * a = x^2 in an extra advice column per state element, then x^5 = a·a·x: gate degree 4, for
         * backends whose quotient domain is smaller, at the cost of t more advice columns.
         */
        SQUARES
    }

    /** Cells of one laid-out permutation: the input state row, the output state row. */
    public record Permutation(int startRow, List<CellRef> input, List<CellRef> output) {
        public Permutation {
            input = List.copyOf(input);
            output = List.copyOf(output);
        }
    }

    private final PoseidonParameters params;
    private final SboxGates sboxGates;
    private final List<Column> state;
    private final List<Column> squares;
    private final List<Column> roundConstants;
    private final Column fullRound;
    private final Column partialRound;
    private final Column constants;

    private PoseidonGadget(PoseidonParameters params, SboxGates sboxGates, List<Column> state, List<Column> squares,
                           List<Column> roundConstants, Column fullRound, Column partialRound, Column constants) {
        this.params = params;
        this.sboxGates = sboxGates;
        this.state = List.copyOf(state);
        this.squares = List.copyOf(squares);
        this.roundConstants = List.copyOf(roundConstants);
        this.fullRound = fullRound;
        this.partialRound = partialRound;
        this.constants = constants;
    }

    /** Declares the gadget's columns and gates in {@code b}. */
    public static PoseidonGadget configure(ConstraintSystemBuilder b, PoseidonParameters params, SboxGates sboxGates) {
        int t = params.width();
        String p = "poseidon" + t + "_";
        List<Column> state = new ArrayList<>();
        List<Column> squares = new ArrayList<>();
        List<Column> rc = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            Column s = b.advice(p + "s" + i);
            b.enableEquality(s);
            state.add(s);
            if (sboxGates == SboxGates.SQUARES) {
                squares.add(b.advice(p + "sq" + i));
            }
            rc.add(b.fixed(p + "rc" + i));
        }
        Column full = b.fixed(p + "q_full");
        Column partial = b.fixed(p + "q_partial");
        Column constants = b.fixed(p + "const");
        b.enableEquality(constants);
        PoseidonGadget g = new PoseidonGadget(params, sboxGates, state, squares, rc, full, partial, constants);
        b.gate(p + "full_round", g.roundConstraints(full, true));
        b.gate(p + "partial_round", g.roundConstraints(partial, false));
        return g;
    }

    /**
     * The constraints of one round kind, each multiplied by its selector (on the left, so that the
     * constraint checker skips the rest on rows where the selector is zero).
     */
    private List<Expression> roundConstraints(Column selector, boolean full) {
        int t = params.width();
        List<Expression> out = new ArrayList<>();
        Expression q = selector.cur();
        List<Expression> afterSbox = new ArrayList<>();
        for (int j = 0; j < t; j++) {
            Expression x = state.get(j).cur().plus(roundConstants.get(j).cur());
            if (!full && j > 0) {
                afterSbox.add(x);
            } else if (sboxGates == SboxGates.DEGREE_5) {
                Expression x2 = x.times(x);
                afterSbox.add(x2.times(x2).times(x));
            } else {
                Expression a = squares.get(j).cur();
                out.add(q.times(a.minus(x.times(x))));
                afterSbox.add(a.times(a).times(x));
            }
        }
        for (int i = 0; i < t; i++) {
            List<Expression> terms = new ArrayList<>();
            for (int j = 0; j < t; j++) {
                terms.add(afterSbox.get(j).times(params.mds(i, j)));
            }
            out.add(q.times(state.get(i).next().minus(Expression.sum(terms))));
        }
        return out;
    }

    public PoseidonParameters parameters() {
        return params;
    }

    public SboxGates sboxGates() {
        return sboxGates;
    }

    /** Rows one permutation occupies: one per round plus the output row. */
    public int rowsPerPermutation() {
        return params.rounds() + 1;
    }

    /** Advice columns the gadget declares. */
    public int adviceColumns() {
        return state.size() + squares.size();
    }

    /**
     * Lays out one permutation at rows [startRow, startRow + rowsPerPermutation()): round constants,
     * selectors, and the region (named for {@code origin}). Input element i is fixed to
     * {@code constantInputs.get(i)} where that map has an entry (by a copy from the gadget's constant
     * column); the other inputs are free, for the caller to copy from elsewhere.
     */
    public Permutation layout(ConstraintSystemBuilder b, int startRow, Map<Integer, Fr> constantInputs, String origin) {
        int t = params.width();
        for (int round = 0; round < params.rounds(); round++) {
            int row = startRow + round;
            b.fixed(params.isFullRound(round) ? fullRound : partialRound, row, Fr.ONE);
            for (int i = 0; i < t; i++) {
                b.fixed(roundConstants.get(i), row, params.roundConstant(round, i));
            }
        }
        for (Map.Entry<Integer, Fr> e : constantInputs.entrySet()) {
            int i = e.getKey();
            if (i < 0 || i >= t) {
                throw new IllegalArgumentException("input " + i + " does not exist at width " + t);
            }
            // Row startRow + i of the constant column belongs to this permutation (t <= rounds).
            b.fixed(constants, startRow + i, e.getValue());
            b.copy(state.get(i).at(startRow), constants.at(startRow + i));
        }
        b.region("poseidon/permutation t=" + t, origin, startRow, rowsPerPermutation());
        List<CellRef> in = new ArrayList<>();
        List<CellRef> out = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            in.add(state.get(i).at(startRow));
            out.add(state.get(i).at(startRow + params.rounds()));
        }
        return new Permutation(startRow, in, out);
    }

    /** Lays out a permutation whose inputs are all free. */
    public Permutation layout(ConstraintSystemBuilder b, int startRow, String origin) {
        return layout(b, startRow, Collections.emptyMap(), origin);
    }

    /**
     * Lays out circomlib's {@code poseidon} of t - 1 inputs: the capacity (input 0) is fixed to zero,
     * the inputs are {@code input().subList(1, t)}, and the hash is {@code output().get(0)}.
     */
    public Permutation layoutHash(ConstraintSystemBuilder b, int startRow, String origin) {
        return layout(b, startRow, Map.of(0, Fr.ZERO), origin);
    }

    /** Assigns the witness of a permutation laid out at {@code startRow}; returns the output state. */
    public Fr[] assign(Witness.Builder w, int startRow, Fr[] input) {
        int t = params.width();
        if (input.length != t) {
            throw new IllegalArgumentException("state has " + input.length + " elements, width is " + t);
        }
        Fr[] s = input;
        for (int round = 0; round < params.rounds(); round++) {
            int row = startRow + round;
            for (int i = 0; i < t; i++) {
                w.set(state.get(i), row, s[i]);
                if (sboxGates == SboxGates.SQUARES && (i == 0 || params.isFullRound(round))) {
                    w.set(squares.get(i), row, s[i].add(params.roundConstant(round, i)).square());
                }
            }
            s = params.round(round, s);
        }
        for (int i = 0; i < t; i++) {
            w.set(state.get(i), startRow + params.rounds(), s[i]);
        }
        return s;
    }

    /** Assigns a hash laid out by {@link #layoutHash}; returns circomlib's poseidon(inputs). */
    public Fr assignHash(Witness.Builder w, int startRow, List<Fr> inputs) {
        if (inputs.size() != params.arity()) {
            throw new IllegalArgumentException("this gadget hashes " + params.arity() + " inputs, not " + inputs.size());
        }
        Fr[] in = new Fr[params.width()];
        in[0] = Fr.ZERO;
        for (int i = 0; i < inputs.size(); i++) {
            in[i + 1] = inputs.get(i);
        }
        return assign(w, startRow, in)[0];
    }
}
