package dev.zkmlc.backend.plonk;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.hash.Poseidon;
import dev.zkmlc.circuit.hash.PoseidonParameters;
import dev.zkmlc.circuit.hash.SparsePartialRounds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One circomlib Poseidon hash of t - 1 inputs (capacity zero, output element 0) spelled out in
 * vanilla PLONK rows: each row defines a new value {@code c = qL·a + qR·b + qM·a·b + qC} (qO = -1)
 * from at most two earlier ones. Built once as a template over local values 0..t-2 (the inputs) and
 * instantiated at any row offset; the same rows give the witness ({@link #evaluate}).
 *
 * <ul>
 *   <li>S-box (x + c)^5: three rows, the round constant folded in: {@code q = x·x + 2c·x + c²},
 *       {@code f = q·q}, {@code y = f·x + c·f}.</li>
 *   <li>Linear layer: each output is a chain {@code acc' = acc + m·y} (two terms on its first row);
 *       constants (the zero capacity's S-box in the first round) fold into qC.</li>
 *   <li>Partial rounds in the sparse form of {@link SparsePartialRounds}: per round one S-box, one
 *       t-term chain for element 0 and one row {@code s_j' = s_j + w_j·x} per other element, instead
 *       of a full t×t matrix.</li>
 *   <li>The last round computes element 0 only: the hash is all a chain link needs.</li>
 * </ul>
 *
 * <p>For t = 17: 4,688 rows per hash (docs/poseidon.md says why the shortcuts that come to mind do not fit a row).
 */
final class PoseidonRows {
    /** Local value ids per row (-1: the cell is unused), and the row's coefficients. */
    final int[] a;
    final int[] b;
    final int[] c;
    final Fr[] qL;
    final Fr[] qR;
    final Fr[] qM;
    final Fr[] qC;
    /** Inputs are values 0..inputs-1. */
    final int inputs;
    final int values;
    /** The value holding the hash. */
    final int output;
    /** Each value's home: its first cell, as column (A, B, C) and row within the template. */
    final int[] homeCol;
    final int[] homeRow;
    /** Copies inside the template: every later occurrence of a value from its home (col, row, col, row). */
    final int[][] copies;
    final long cells;

    private PoseidonRows(Builder bd, int output) {
        int n = bd.rowA.size();
        this.a = toArray(bd.rowA);
        this.b = toArray(bd.rowB);
        this.c = toArray(bd.rowC);
        this.qL = bd.l.toArray(new Fr[0]);
        this.qR = bd.r.toArray(new Fr[0]);
        this.qM = bd.m.toArray(new Fr[0]);
        this.qC = bd.k.toArray(new Fr[0]);
        this.inputs = bd.inputs;
        this.values = bd.values;
        this.output = output;
        homeCol = new int[values];
        homeRow = new int[values];
        Arrays.fill(homeCol, -1);
        List<int[]> cp = new ArrayList<>();
        long used = 0;
        for (int row = 0; row < n; row++) {
            int[] srcs = {a[row], b[row], c[row]};
            for (int col = 0; col < 3; col++) {
                int v = srcs[col];
                if (v < 0) {
                    continue;
                }
                used++;
                if (homeCol[v] < 0) {
                    homeCol[v] = col;
                    homeRow[v] = row;
                } else {
                    cp.add(new int[] {homeCol[v], homeRow[v], col, row});
                }
            }
        }
        this.copies = cp.toArray(new int[0][]);
        this.cells = used;
    }

    int rows() {
        return a.length;
    }

    /** circomlib's Poseidon of {@code params.width() - 1} inputs. */
    static PoseidonRows of(PoseidonParameters params) {
        int t = params.width();
        SparsePartialRounds sp = params.sparseRounds();
        Builder bd = new Builder(t - 1);
        Term[] s = new Term[t];
        s[0] = Term.constant(Fr.ZERO);
        for (int i = 1; i < t; i++) {
            s[i] = Term.cell(i - 1);
        }
        int half = params.fullRounds() / 2;
        for (int r = 0; r < half; r++) {
            Term[] y = new Term[t];
            for (int i = 0; i < t; i++) {
                y[i] = bd.sbox(s[i], sp.fullConstant(r, i));
            }
            boolean pre = r == half - 1;
            for (int i = 0; i < t; i++) {
                Fr[] row = new Fr[t];
                for (int j = 0; j < t; j++) {
                    row[j] = pre ? sp.preMatrix(i, j) : params.mds(i, j);
                }
                s[i] = bd.linear(y, row, Fr.ZERO);
            }
        }
        for (int k = 0; k < params.partialRounds(); k++) {
            Term x = bd.sbox(s[0], sp.partialConstant(k));
            Term[] terms = s.clone();
            terms[0] = x;
            Fr[] coefs = new Fr[t];
            coefs[0] = sp.a00(k);
            for (int j = 1; j < t; j++) {
                coefs[j] = sp.v(k, j);
            }
            Term out0 = bd.linear(terms, coefs, Fr.ZERO);
            for (int j = 1; j < t; j++) {
                s[j] = bd.linear(new Term[] {s[j], x}, new Fr[] {Fr.ONE, sp.w(k, j)}, Fr.ZERO);
            }
            s[0] = out0;
        }
        for (int r = half; r < params.fullRounds(); r++) {
            Term[] y = new Term[t];
            for (int i = 0; i < t; i++) {
                y[i] = bd.sbox(s[i], sp.fullConstant(r, i));
            }
            boolean last = r == params.fullRounds() - 1;
            for (int i = 0; i < (last ? 1 : t); i++) {
                Fr[] row = new Fr[t];
                for (int j = 0; j < t; j++) {
                    row[j] = params.mds(i, j);
                }
                s[i] = bd.linear(y, row, Fr.ZERO);
            }
        }
        if (s[0].isConstant()) {
            throw new IllegalStateException("a Poseidon output that does not depend on the inputs");
        }
        return new PoseidonRows(bd, s[0].value);
    }

    /** circomlib's Poseidon of {@code inputs} inputs. */
    static PoseidonRows forInputs(int inputs) {
        if (inputs < 1 || inputs > Poseidon.MAX_INPUTS) {
            throw new IllegalArgumentException("Poseidon takes 1.." + Poseidon.MAX_INPUTS + " inputs, not " + inputs);
        }
        return of(PoseidonParameters.circom(inputs + 1));
    }

    /** Every value, from the inputs, row by row; the hash is {@code result[output]}. */
    Fr[] evaluate(Fr[] in) {
        if (in.length != inputs) {
            throw new IllegalArgumentException(inputs + " inputs expected, not " + in.length);
        }
        Fr[] v = new Fr[values];
        System.arraycopy(in, 0, v, 0, inputs);
        for (int row = 0; row < a.length; row++) {
            Fr x = a[row] < 0 ? Fr.ZERO : v[a[row]];
            Fr y = b[row] < 0 ? Fr.ZERO : v[b[row]];
            Fr acc = qC[row];
            if (!qL[row].isZero()) {
                acc = acc.add(qL[row].mul(x));
            }
            if (!qR[row].isZero()) {
                acc = acc.add(qR[row].mul(y));
            }
            if (!qM[row].isZero()) {
                acc = acc.add(qM[row].mul(x.mul(y)));
            }
            v[c[row]] = acc;
        }
        return v;
    }

    private static int[] toArray(List<Integer> l) {
        int[] r = new int[l.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = l.get(i);
        }
        return r;
    }

    /** A value while building: a local value id, or a constant folded into coefficients. */
    private record Term(int value, Fr constant) {
        static Term cell(int v) {
            return new Term(v, null);
        }

        static Term constant(Fr c) {
            return new Term(-1, c);
        }

        boolean isConstant() {
            return constant != null;
        }
    }

    private static final class Builder {
        final int inputs;
        int values;
        final List<Integer> rowA = new ArrayList<>();
        final List<Integer> rowB = new ArrayList<>();
        final List<Integer> rowC = new ArrayList<>();
        final List<Fr> l = new ArrayList<>();
        final List<Fr> r = new ArrayList<>();
        final List<Fr> m = new ArrayList<>();
        final List<Fr> k = new ArrayList<>();

        Builder(int inputs) {
            this.inputs = inputs;
            this.values = inputs;
        }

        /** A row c = qL·x + qR·y + qM·x·y + qC with a new value c. */
        Term row(Term x, Term y, Fr ql, Fr qr, Fr qm, Fr qc) {
            rowA.add(x == null ? -1 : x.value);
            rowB.add(y == null ? -1 : y.value);
            rowC.add(values);
            l.add(ql);
            r.add(qr);
            m.add(qm);
            k.add(qc);
            return Term.cell(values++);
        }

        Term sbox(Term x, Fr c) {
            if (x.isConstant()) {
                return Term.constant(PoseidonParameters.sbox(x.constant.add(c)));
            }
            Term sq = row(x, x, c.dbl(), Fr.ZERO, Fr.ONE, c.square());
            Term f = row(sq, sq, Fr.ZERO, Fr.ZERO, Fr.ONE, Fr.ZERO);
            return row(f, x, c, Fr.ZERO, Fr.ONE, Fr.ZERO);
        }

        /** k + Σ coefs[j]·terms[j]. */
        Term linear(Term[] terms, Fr[] coefs, Fr k) {
            List<Term> cells = new ArrayList<>();
            List<Fr> cs = new ArrayList<>();
            for (int j = 0; j < terms.length; j++) {
                if (terms[j].isConstant()) {
                    k = k.add(coefs[j].mul(terms[j].constant));
                } else if (!coefs[j].isZero()) {
                    cells.add(terms[j]);
                    cs.add(coefs[j]);
                }
            }
            if (cells.isEmpty()) {
                return Term.constant(k);
            }
            if (cells.size() == 1) {
                if (cs.get(0).isOne() && k.isZero()) {
                    return cells.get(0);
                }
                return row(cells.get(0), null, cs.get(0), Fr.ZERO, Fr.ZERO, k);
            }
            Term acc = row(cells.get(0), cells.get(1), cs.get(0), cs.get(1), Fr.ZERO, k);
            for (int j = 2; j < cells.size(); j++) {
                acc = row(acc, cells.get(j), Fr.ONE, cs.get(j), Fr.ZERO, Fr.ZERO);
            }
            return acc;
        }
    }
}
