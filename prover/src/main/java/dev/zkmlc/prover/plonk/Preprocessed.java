package dev.zkmlc.prover.plonk;

import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnKind;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Copies;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import dev.zkmlc.prover.poly.Domain;
import dev.zkmlc.prover.poly.Ntt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The polynomials a proving key fixes: the circuit's fixed columns, the permutation's σ columns, and l_0,
 * l_last, l_active and X, each as values on H, coefficients, and evaluations on the extended coset that the
 * quotient needs. Values are derived from the constraint system alone; coefficients and coset evaluations are
 * computed once at setup and stored in the proving key file (see {@link #Preprocessed(ConstraintSystem, Argument,
 * List, List)}), so that a proof does not redo their NTTs.
 */
final class Preprocessed {
    final Domain domain;
    final Domain ext;
    final Map<Column, long[]> values = new HashMap<>();
    final Map<Column, long[]> coeffs = new HashMap<>();
    final Map<Column, long[]> cosetEvals = new HashMap<>();
    /** The columns above in a fixed order: the circuit's fixed columns, the σ columns, l_0, l_last, l_active, X. */
    final List<Column> columns = new ArrayList<>();

    /** Computes everything (setup). */
    Preprocessed(ConstraintSystem cs, Argument arg) {
        this(cs, arg, null, null);
    }

    /**
     * With the coefficients and coset evaluations of {@link #columns} as a key file stored them (null: compute
     * them). The caller checks the stored arrays' integrity; their lengths are checked here.
     */
    Preprocessed(ConstraintSystem cs, Argument arg, List<long[]> storedCoeffs, List<long[]> storedCosetEvals) {
        this.domain = new Domain(arg.k);
        this.ext = new Domain(arg.extLog);
        int n = arg.n;
        for (Column c : cs.fixed()) {
            long[] v = FrLimbs.newArray(n);
            var col = cs.fixedValues(c);
            for (int row = 0; row < Math.min(n, col.length()); row++) {
                col.readMontgomery(row, v, row);
            }
            add(c, v);
        }
        long[][] sigma = sigmaValues(cs, arg);
        for (int j = 0; j < sigma.length; j++) {
            add(arg.sigma(j), sigma[j]);
        }
        long[] l0 = FrLimbs.newArray(n);
        long[] lLast = FrLimbs.newArray(n);
        long[] lActive = FrLimbs.newArray(n);
        long[] x = FrLimbs.newArray(n);
        FrLimbs.set(l0, 0, Fr.ONE);
        FrLimbs.set(lLast, arg.u, Fr.ONE);
        for (int row = 0; row < arg.u; row++) {
            FrLimbs.set(lActive, row, Fr.ONE);
        }
        Fr w = Fr.ONE;
        for (int row = 0; row < n; row++) {
            FrLimbs.set(x, row, w);
            w = w.mul(domain.omega);
        }
        add(arg.l0, l0);
        add(arg.lLast, lLast);
        add(arg.lActive, lActive);
        add(arg.xColumn, x);
        if (storedCoeffs == null) {
            columns.parallelStream().forEach(c -> {
                long[] co = Polys.interpolate(values.get(c), domain);
                long[] ev = Ntt.cosetForward(co, ext);
                synchronized (this) {
                    coeffs.put(c, co);
                    cosetEvals.put(c, ev);
                }
            });
        } else {
            if (storedCoeffs.size() != columns.size() || storedCosetEvals.size() != columns.size()) {
                throw new IllegalArgumentException("stored polynomials for " + storedCoeffs.size() + " columns, the key has "
                        + columns.size());
            }
            for (int i = 0; i < columns.size(); i++) {
                if (storedCoeffs.get(i).length != 4 * n || storedCosetEvals.get(i).length != 4 * ext.size) {
                    throw new IllegalArgumentException("stored polynomial of column " + columns.get(i).name()
                            + " has the wrong length");
                }
                coeffs.put(columns.get(i), storedCoeffs.get(i));
                cosetEvals.put(columns.get(i), storedCosetEvals.get(i));
            }
        }
    }

    private void add(Column c, long[] v) {
        values.put(c, v);
        columns.add(c);
    }

    /**
     * σ_j(ω^i) = δ^j'·ω^i' where cell (j', i') follows cell (j, i) on the cycle of its copy class; cells in no
     * copy map to themselves. Classes come from union–find over the copies, each cycle in cell order.
     */
    static long[][] sigmaValues(ConstraintSystem cs, Argument arg) {
        List<Column> eq = arg.equality;
        int n = arg.n;
        int cells = eq.size() * n;
        // Position in eq of each (kind, index), for the packed cells of the copies (no object per copy: a key read
        // runs this over every copy of the circuit, tens of thousands and more).
        int[][] position = new int[ColumnKind.values().length][];
        for (ColumnKind kind : ColumnKind.values()) {
            position[kind.ordinal()] = new int[0];
        }
        for (int j = 0; j < eq.size(); j++) {
            Column c = eq.get(j);
            int[] p = position[c.kind().ordinal()];
            if (c.index() >= p.length) {
                int old = p.length;
                p = java.util.Arrays.copyOf(p, c.index() + 1);
                java.util.Arrays.fill(p, old, p.length, -1);
                position[c.kind().ordinal()] = p;
            }
            p[c.index()] = j;
        }
        int[] parent = new int[cells];
        for (int i = 0; i < cells; i++) {
            parent[i] = i;
        }
        Copies copies = cs.flatCopies();
        for (int i = 0; i < copies.size(); i++) {
            int a = find(parent, cell(position, copies, copies.a(i), n));
            int b = find(parent, cell(position, copies, copies.b(i), n));
            if (a != b) {
                parent[Math.max(a, b)] = Math.min(a, b);
            }
        }
        int[] next = new int[cells];
        int[] first = new int[cells];
        int[] last = new int[cells];
        java.util.Arrays.fill(first, -1);
        for (int c = 0; c < cells; c++) {
            int r = find(parent, c);
            if (first[r] < 0) {
                first[r] = c;
            } else {
                next[last[r]] = c;
            }
            last[r] = c;
        }
        for (int r = 0; r < cells; r++) {
            if (first[r] >= 0) {
                next[last[r]] = first[r];
            }
        }
        long[] omegas = FrLimbs.newArray(n);
        Fr w = Fr.ONE;
        Fr omega = Fr.rootOfUnity(arg.k);
        for (int i = 0; i < n; i++) {
            FrLimbs.set(omegas, i, w);
            w = w.mul(omega);
        }
        long[] deltas = FrLimbs.newArray(Math.max(1, eq.size()));
        for (int j = 0; j < eq.size(); j++) {
            FrLimbs.set(deltas, j, Argument.DELTA.pow(j));
        }
        long[][] out = new long[eq.size()][];
        for (int j = 0; j < eq.size(); j++) {
            out[j] = FrLimbs.newArray(n);
            for (int i = 0; i < n; i++) {
                int t = next[j * n + i];
                FrLimbs.mul(deltas, t / n, omegas, t % n, out[j], i);
            }
        }
        return out;
    }

    private static int cell(int[][] position, Copies copies, long cell, int n) {
        int[] p = position[Copies.kind(cell).ordinal()];
        int index = Copies.columnIndex(cell);
        int row = Copies.row(cell);
        int j = index < p.length ? p[index] : -1;
        if (j < 0 || row < 0 || row >= n) {
            throw new IllegalStateException("copy on a cell outside the permutation: " + copies.cell(cell));
        }
        return j * n + row;
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }
}
