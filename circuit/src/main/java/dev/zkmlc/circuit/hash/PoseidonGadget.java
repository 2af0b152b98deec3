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
 * The Poseidon permutation of one {@link PoseidonParameters} instance as custom gates, on t advice
 * state columns s_i: one row per full round, one row per pair of partial rounds (and one for a last
 * odd partial round), then the output row. Each row holds the state before its round(s).
 * For t = 3 a permutation takes 38 rows, for t = 17 43 rows ({@link #rowsPerPermutation()}).
 *
 * <p>Full round (selector q_full): s_i(next) = Σ_j M[i][j]·S(s_j + rc_j), S(x) = x^5. Single partial
 * round (q_partial): the same with S on element 0 only. Double partial round (q_partial2), rounds r
 * and r+1 in one row: an advice cell {@code mid} holds element 0 after round r,
 * mid = Σ_j M[0][j]·y_j with y = (S(s_0 + rc_0), s_1 + rc_1, ..); then
 * s_i(next) = M[i][0]·S(mid + c_0) + Σ_k N[i][k]·y_k + d_i, where c is round r+1's constants,
 * N[i][k] = Σ_{j≥1} M[i][j]·M[j][k] and d_i = Σ_{j≥1} M[i][j]·c_j (fixed columns c_0 and d_i). This
 * is exactly round r+1 applied to round r's output, as linear algebra; it halves the rows of the
 * partial rounds at the price of one advice column and t + 1 fixed ones.
 *
 * <p>Every cell after the input row is fixed by the row above it (and mid by its own row), so the
 * output is a function of the input row alone. Inputs and outputs are equality-enabled cells to copy
 * from and to; a fixed, equality-enabled constant column pins inputs to constants (a hash's zero
 * capacity, a chain's length and padding).
 *
 * <p>Usage: {@code configure} once per circuit and width; for each permutation, {@code layout}
 * (fixed columns, selectors, copies: the part the keys depend on) and {@code assign} (the witness).
 */
public final class PoseidonGadget {

    /** How the S-box x^5 is written as constraints. */
    public enum SboxGates {
        /** x^5 inside the round gate: gate degree 6 (5 and the selector), t + 1 advice columns. */
        DEGREE_5,
        /**
         * a = x^2 in an extra advice cell per S-box, then x^5 = a·a·x: gate degree 4, for backends
         * whose quotient domain is smaller, at the cost of t + 1 more advice columns.
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

    /** What one row computes: a full round, one partial round, or two partial rounds. */
    private enum Step { FULL, PARTIAL, PARTIAL2 }

    private final PoseidonParameters params;
    private final SboxGates sboxGates;
    private final List<Column> state;
    private final List<Column> squares;
    private final Column mid;
    private final Column midSquare;
    private final List<Column> roundConstants;
    private final Column nextConstant0;
    private final List<Column> nextLinear;
    private final Column fullRound;
    private final Column partialRound;
    private final Column partialPair;
    private final Column constants;
    /** The first round of each row, and what the row does; rows in order. */
    private final int[] stepRound;
    private final Step[] steps;

    private PoseidonGadget(ConstraintSystemBuilder b, PoseidonParameters params, SboxGates sboxGates) {
        this.params = params;
        this.sboxGates = sboxGates;
        int t = params.width();
        String p = "poseidon" + t + "_";
        List<Column> s = new ArrayList<>();
        List<Column> sq = new ArrayList<>();
        List<Column> rc = new ArrayList<>();
        List<Column> lin = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            Column c = b.advice(p + "s" + i);
            b.enableEquality(c);
            s.add(c);
            if (sboxGates == SboxGates.SQUARES) {
                sq.add(b.advice(p + "sq" + i));
            }
            rc.add(b.fixed(p + "rc" + i));
            lin.add(b.fixed(p + "d" + i));
        }
        this.state = List.copyOf(s);
        this.squares = List.copyOf(sq);
        this.roundConstants = List.copyOf(rc);
        this.nextLinear = List.copyOf(lin);
        this.mid = b.advice(p + "mid");
        this.midSquare = sboxGates == SboxGates.SQUARES ? b.advice(p + "mid_sq") : null;
        this.nextConstant0 = b.fixed(p + "c0");
        this.fullRound = b.fixed(p + "q_full");
        this.partialRound = b.fixed(p + "q_partial");
        this.partialPair = b.fixed(p + "q_partial2");
        this.constants = b.fixed(p + "const");
        b.enableEquality(constants);

        List<Integer> rounds = new ArrayList<>();
        List<Step> kinds = new ArrayList<>();
        for (int r = 0; r < params.rounds(); r++) {
            rounds.add(r);
            if (params.isFullRound(r)) {
                kinds.add(Step.FULL);
            } else if (r + 1 < params.rounds() && !params.isFullRound(r + 1)) {
                kinds.add(Step.PARTIAL2);
                r++;
            } else {
                kinds.add(Step.PARTIAL);
            }
        }
        this.stepRound = rounds.stream().mapToInt(Integer::intValue).toArray();
        this.steps = kinds.toArray(new Step[0]);
    }

    /** Declares the gadget's columns and gates in {@code b}. */
    public static PoseidonGadget configure(ConstraintSystemBuilder b, PoseidonParameters params, SboxGates sboxGates) {
        PoseidonGadget g = new PoseidonGadget(b, params, sboxGates);
        String p = "poseidon" + params.width() + "_";
        b.gate(p + "full_round", g.singleRound(g.fullRound, true));
        List<Step> used = List.of(g.steps);
        if (used.contains(Step.PARTIAL)) {
            b.gate(p + "partial_round", g.singleRound(g.partialRound, false));
        }
        if (used.contains(Step.PARTIAL2)) {
            b.gate(p + "partial_round_pair", g.partialPair());
        }
        return g;
    }

    /**
     * S(x) as an expression: x^5, or with {@code square} holding x^2, square·square·x plus the
     * constraint q·(square - x^2) appended to {@code out}.
     */
    private Expression sbox(Expression q, Expression x, Column square, List<Expression> out) {
        if (sboxGates == SboxGates.DEGREE_5) {
            Expression x2 = x.times(x);
            return x2.times(x2).times(x);
        }
        Expression a = square.cur();
        out.add(q.times(a.minus(x.times(x))));
        return a.times(a).times(x);
    }

    /** The S-box layer of a round on the current row: y_j. Constraints of squares go to {@code out}. */
    private List<Expression> sboxLayer(Expression q, boolean full, List<Expression> out) {
        List<Expression> y = new ArrayList<>();
        for (int j = 0; j < params.width(); j++) {
            Expression x = state.get(j).cur().plus(roundConstants.get(j).cur());
            boolean boxed = full || j == 0;
            y.add(boxed ? sbox(q, x, squares.isEmpty() ? null : squares.get(j), out) : x);
        }
        return y;
    }

    // Selectors stand on the left of each product, so that the constraint checker skips the rest on
    // rows where they are zero.
    private List<Expression> singleRound(Column selector, boolean full) {
        Expression q = selector.cur();
        List<Expression> out = new ArrayList<>();
        List<Expression> y = sboxLayer(q, full, out);
        for (int i = 0; i < params.width(); i++) {
            List<Expression> terms = new ArrayList<>();
            for (int j = 0; j < params.width(); j++) {
                terms.add(y.get(j).times(params.mds(i, j)));
            }
            out.add(q.times(state.get(i).next().minus(Expression.sum(terms))));
        }
        return out;
    }

    private List<Expression> partialPair() {
        int t = params.width();
        Expression q = partialPair.cur();
        List<Expression> out = new ArrayList<>();
        List<Expression> y = sboxLayer(q, false, out);
        List<Expression> midTerms = new ArrayList<>();
        for (int j = 0; j < t; j++) {
            midTerms.add(y.get(j).times(params.mds(0, j)));
        }
        out.add(q.times(mid.cur().minus(Expression.sum(midTerms))));
        Expression y0Next = sbox(q, mid.cur().plus(nextConstant0.cur()), midSquare, out);
        for (int i = 0; i < t; i++) {
            List<Expression> terms = new ArrayList<>();
            terms.add(y0Next.times(params.mds(i, 0)));
            for (int k = 0; k < t; k++) {
                terms.add(y.get(k).times(twoStep(i, k)));
            }
            terms.add(nextLinear.get(i).cur());
            out.add(q.times(state.get(i).next().minus(Expression.sum(terms))));
        }
        return out;
    }

    /** N[i][k] = Σ_{j≥1} M[i][j]·M[j][k]: how round r's y_k reaches element i past round r+1's linear part. */
    private Fr twoStep(int i, int k) {
        Fr acc = Fr.ZERO;
        for (int j = 1; j < params.width(); j++) {
            acc = acc.add(params.mds(i, j).mul(params.mds(j, k)));
        }
        return acc;
    }

    public PoseidonParameters parameters() {
        return params;
    }

    public SboxGates sboxGates() {
        return sboxGates;
    }

    /** Rows one permutation occupies: one per full round, one per pair of partial rounds, the output row. */
    public int rowsPerPermutation() {
        return steps.length + 1;
    }

    /** Advice columns the gadget declares. */
    public int adviceColumns() {
        return state.size() + squares.size() + 1 + (midSquare == null ? 0 : 1);
    }

    /**
     * Lays out one permutation at rows [startRow, startRow + rowsPerPermutation()): round constants,
     * selectors, and the region (named for {@code origin}). Input element i is fixed to
     * {@code constantInputs.get(i)} where that map has an entry (by a copy from the gadget's constant
     * column); the other inputs are free, for the caller to copy from elsewhere.
     */
    public Permutation layout(ConstraintSystemBuilder b, int startRow, Map<Integer, Fr> constantInputs, String origin) {
        int t = params.width();
        for (int step = 0; step < steps.length; step++) {
            int row = startRow + step;
            int round = stepRound[step];
            Column selector = steps[step] == Step.FULL ? fullRound
                    : steps[step] == Step.PARTIAL ? partialRound : partialPair;
            b.fixed(selector, row, Fr.ONE);
            for (int i = 0; i < t; i++) {
                b.fixed(roundConstants.get(i), row, params.roundConstant(round, i));
            }
            if (steps[step] == Step.PARTIAL2) {
                b.fixed(nextConstant0, row, params.roundConstant(round + 1, 0));
                for (int i = 0; i < t; i++) {
                    Fr d = Fr.ZERO;
                    for (int j = 1; j < t; j++) {
                        d = d.add(params.mds(i, j).mul(params.roundConstant(round + 1, j)));
                    }
                    b.fixed(nextLinear.get(i), row, d);
                }
            }
        }
        for (Map.Entry<Integer, Fr> e : constantInputs.entrySet()) {
            int i = e.getKey();
            if (i < 0 || i >= t) {
                throw new IllegalArgumentException("input " + i + " does not exist at width " + t);
            }
            // Row startRow + i of the constant column belongs to this permutation (t < its rows).
            b.fixed(constants, startRow + i, e.getValue());
            b.copy(state.get(i).at(startRow), constants.at(startRow + i));
        }
        b.region("poseidon/permutation t=" + t, origin, startRow, rowsPerPermutation());
        List<CellRef> in = new ArrayList<>();
        List<CellRef> out = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            in.add(state.get(i).at(startRow));
            out.add(state.get(i).at(startRow + steps.length));
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
        if (input.length != params.width()) {
            throw new IllegalArgumentException("state has " + input.length + " elements, width is " + params.width());
        }
        return assignFrom(w, startRow, 0, input);
    }

    /**
     * Assigns rows {@code fromStep}.. of a permutation at {@code startRow}, row {@code fromStep}
     * holding {@code s}; returns the output state. (Tests use it to carry a forged row on honestly.)
     */
    Fr[] assignFrom(Witness.Builder w, int startRow, int fromStep, Fr[] s) {
        int t = params.width();
        for (int step = fromStep; step < steps.length; step++) {
            int row = startRow + step;
            int round = stepRound[step];
            for (int i = 0; i < t; i++) {
                w.set(state.get(i), row, s[i]);
                if (!squares.isEmpty() && (i == 0 || steps[step] == Step.FULL)) {
                    w.set(squares.get(i), row, s[i].add(params.roundConstant(round, i)).square());
                }
            }
            s = params.round(round, s);
            if (steps[step] == Step.PARTIAL2) {
                w.set(mid, row, s[0]);
                if (midSquare != null) {
                    w.set(midSquare, row, s[0].add(params.roundConstant(round + 1, 0)).square());
                }
                s = params.round(round + 1, s);
            }
        }
        for (int i = 0; i < t; i++) {
            w.set(state.get(i), startRow + steps.length, s[i]);
        }
        return s;
    }

    /** The first round computed on row {@code step} of a permutation. */
    int roundOfStep(int step) {
        return stepRound[step];
    }

    /** Whether row {@code step} computes two partial rounds. */
    boolean isPairStep(int step) {
        return steps[step] == Step.PARTIAL2;
    }

    Column midColumn() {
        return mid;
    }

    Column midSquareColumn() {
        return midSquare;
    }

    Column squareColumn(int i) {
        return squares.get(i);
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
