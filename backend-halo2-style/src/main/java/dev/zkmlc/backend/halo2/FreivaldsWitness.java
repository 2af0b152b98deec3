package dev.zkmlc.backend.halo2;

import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnValues;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import java.util.List;
import java.util.Map;

/**
 * The phase-1 values of the Freivalds checks: walks each check's rows as its gates read them (the row kinds are
 * in the constraint system's fixed columns, the phase-0 values in the witness) and computes f, g and e from the
 * challenges r and s (e alone when no check has a Horner chain: f and g are then not columns). Runs once the
 * challenges are known, after the phase-0 witness is complete.
 */
final class FreivaldsWitness {
    private final ConstraintSystem cs;
    private final Column[] advice;
    private final Column f;
    private final Column g;
    private final Column e;
    private final int[] first;
    private final int[] last;
    private final Column qs;
    private final Column qr;
    private final Column qgy;
    private final Column qgc;
    private final Column qg1;
    private final Column carry;
    private final Column carryE;
    private final Column end;
    private final Column qx;
    private final Column qw;
    private final Column qwo;
    private final Column[] matrix;

    FreivaldsWitness(ConstraintSystem cs, Column[] advice, Column f, Column g, Column e, Layout.IntList first,
            Layout.IntList last, Map<Fixed, Column> fixed, Column[] matrix) {
        this.cs = cs;
        this.advice = advice.clone();
        this.f = f;
        this.g = g;
        this.e = e;
        this.first = new int[first.size()];
        this.last = new int[last.size()];
        for (int i = 0; i < this.first.length; i++) {
            this.first[i] = first.get(i);
            this.last[i] = last.get(i);
        }
        this.qs = fixed.get(Fixed.Q_FS);
        this.qr = fixed.get(Fixed.Q_FR);
        this.qgy = fixed.get(Fixed.Q_FGY);
        this.qgc = fixed.get(Fixed.Q_FGC);
        this.qg1 = fixed.get(Fixed.Q_FG1);
        this.carry = fixed.get(Fixed.F_C);
        this.carryE = fixed.get(Fixed.F_CE);
        this.end = fixed.get(Fixed.F_END);
        this.qx = fixed.get(Fixed.Q_FX);
        this.qw = fixed.get(Fixed.Q_FW);
        this.qwo = fixed.get(Fixed.Q_FWO);
        this.matrix = matrix.clone();
    }

    /**
     * The witness with the phase-1 columns filled for challenges (r, s), or (r) alone when no check has a Horner chain
     * (all have fixed weights or weights checked in place: nothing reads s); the phase-0 columns are kept.
     */
    Witness complete(Witness phase0, List<Fr> challenges) {
        Fr r = challenges.get(0);
        Fr s = challenges.size() > 1 ? challenges.get(1) : null;
        int w = advice.length;
        Fr rw = r.pow(w);
        Fr sw = s == null ? null : s.pow(w);
        Fr[] rj = new Fr[Math.max(matrix.length, w / 2)];
        for (int j = 0; j < rj.length; j++) {
            rj[j] = j == 0 ? Fr.ONE : rj[j - 1].mul(r);
        }
        ColumnValues.Builder fb = new ColumnValues.Builder();
        ColumnValues.Builder gb = new ColumnValues.Builder();
        ColumnValues.Builder eb = new ColumnValues.Builder();
        for (int i = 0; i < first.length; i++) {
            Fr fv = Fr.ZERO;
            Fr gv = Fr.ZERO;
            Fr ev = Fr.ZERO;
            for (int row = first[i]; row <= last[i]; row++) {
                if (flag(qx, row)) {
                    // A row of a fixed-weight check: a0·Σ_j r^j W_j enters e (f and g are not read here).
                    Fr h = Fr.ZERO;
                    for (int j = 0; j < matrix.length; j++) {
                        h = h.add(rj[j].mul(cs.fixedValue(matrix[j], row)));
                    }
                    ev = (flag(carryE, row) ? ev : Fr.ZERO).add(h.mul(phase0.get(advice[0], row)));
                    eb.set(row, ev);
                    continue;
                }
                boolean input = flag(qw, row);
                if (input || flag(qwo, row)) {
                    // A row of an in-place check: a1·Σ_j r^j a_2j enters e on input rows, -Σ_j r^j a_2j on the output row.
                    Fr h = Fr.ZERO;
                    for (int j = 0; j < w / 2; j++) {
                        h = h.add(rj[j].mul(phase0.get(advice[2 * j], row)));
                    }
                    Fr term = input ? h.mul(phase0.get(advice[1], row)) : h.neg();
                    ev = (flag(carryE, row) ? ev : Fr.ZERO).add(term);
                    eb.set(row, ev);
                    continue;
                }
                boolean horner = flag(qs, row);
                boolean c = flag(carry, row);
                Fr rho = horner ? s : r;
                Fr sum = phase0.get(advice[0], row);
                for (int col = 1; col < w; col++) {
                    sum = sum.mul(rho).add(phase0.get(advice[col], row));
                }
                if (horner) {
                    fv = c ? fv.mul(sw).add(sum) : sum;
                    gv = Fr.ZERO;
                } else {
                    if (flag(qg1, row)) {
                        gv = Fr.ONE;
                    } else if (flag(qgy, row)) {
                        gv = c ? gv : fv;
                    } else if (flag(qgc, row)) {
                        gv = c ? gv : gv.mul(s);
                    }
                    fv = (c ? fv.mul(rw) : Fr.ZERO).add(gv.mul(sum));
                }
                Fr sign = cs.fixedValue(end, row);
                ev = (flag(carryE, row) ? ev : Fr.ZERO).add(sign.mul(fv));
                fb.set(row, fv);
                gb.set(row, gv);
                eb.set(row, ev);
            }
        }
        Witness withE = phase0.withAdvice(e, eb.build());
        return f == null ? withE : withE.withAdvice(f, fb.build()).withAdvice(g, gb.build());
    }

    private boolean flag(Column c, int row) {
        return c != null && !cs.fixedValue(c, row).isZero();
    }
}
