package dev.zkmlc.prover.plonk;

import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnKind;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.cs.Gate;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.prover.artifact.KeyCodec;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.srs.Srs;
import dev.zkmlc.prover.transcript.Transcript;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Key generation: commits the fixed and permutation polynomials of a circuit with an SRS. Deterministic. */
public final class Setup {
    /**
     * Keys for circuits of 2^11 to 2^16 rows carry base tables of their SRS (msm.BaseTable: about a quarter less
     * work per full-size MSM of a proof, 25 of them for mnist-bench's 784x56x10 at 2^13 rows). Making them costs
     * about two proofs' worth of MSM work, and they take 2 x 20 x 64 bytes per row (42 MB at 2^14 rows). At 2^11 rows
     * the 13-bit windows' 4,096 buckets outnumber the points, yet the tabled MSM still does ~30% fewer field products
     * than a per-window Pippenger (784x56x10 with fixed weights: 36 full-size MSMs, ~0.4 CPU-s less per proof);
     * below that the bucket reduction dominates. Larger circuits, whose keys are large already, do without.
     */
    static final int MIN_TABLED_K = 11;
    static final int MAX_TABLED_K = 16;

    private Setup() {
    }

    /**
     * Throws {@link ProverException} when the SRS is too small or the circuit cannot be proved (with the reason).
     * The proving key carries base tables for circuits of 2^11 to 2^16 rows.
     */
    public static Keys run(ConstraintSystem cs, Srs srs) {
        return run(cs, srs, cs.k() >= MIN_TABLED_K && cs.k() <= MAX_TABLED_K);
    }

    /** As {@link #run(ConstraintSystem, Srs)}, with or without base tables in the proving key whatever the size. */
    public static Keys run(ConstraintSystem cs, Srs srs, boolean baseTables) {
        if (cs.blindingRows() > KeyCodec.MAX_BLINDING_ROWS) {
            throw new ProverException("the circuit reserves " + cs.blindingRows() + " blinding rows; keys support at most "
                    + KeyCodec.MAX_BLINDING_ROWS);
        }
        boolean[][] gated = gatedConstraints(cs);
        boolean[] inert = inertLookups(cs);
        Argument arg = new Argument(cs, gated, inert);
        if (arg.extLog > Fr.TWO_ADICITY) {
            throw new ProverException("a circuit of degree " + arg.degree + " on 2^" + cs.k() + " rows needs an extended"
                    + " domain of 2^" + arg.extLog + " points, more than the field's 2^" + Fr.TWO_ADICITY
                    + "; lower the degree of the gates or the number of rows");
        }
        int need = cs.rows() + 1;
        if (srs.size() < need) {
            throw new ProverException("the SRS has " + srs.size() + " G1 powers; a circuit of 2^" + cs.k()
                    + " rows needs " + need + " (a .ptau of power " + cs.k() + " or more has enough)");
        }
        Srs used = srs.truncate(need);
        if (baseTables) {
            used = used.withBaseTables();
        }
        Preprocessed pre = new Preprocessed(cs, arg);
        List<G1Affine> fixed = new ArrayList<>();
        for (Column c : cs.fixed()) {
            fixed.add(Prover.commitValues(used, pre.values.get(c), pre.coeffs.get(c), cs.k()));
        }
        List<G1Affine> sigma = new ArrayList<>();
        for (int j = 0; j < arg.equality.size(); j++) {
            sigma.add(Prover.commitValues(used, pre.values.get(arg.sigma(j)), pre.coeffs.get(arg.sigma(j)), cs.k()));
        }
        VerifyingKey vk = new VerifyingKey(cs, gated, inert, fixed, sigma, used.g1(0), used.g2, used.tauG2, used.development,
                KeyCodec.circuitHash(cs), srsHash(used));
        return new Keys(new ProvingKey(vk, cs, used, pre), vk);
    }

    /** Keccak-256 over a label, the G1 powers, [1]₂ and [τ]₂ (uncompressed encodings). */
    public static byte[] srsHash(Srs srs) {
        List<byte[]> parts = new ArrayList<>();
        parts.add("zkmlc-srs-v1".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < srs.size(); i++) {
            parts.add(srs.g1(i).toUncompressed());
        }
        parts.add(srs.g2.toUncompressed());
        parts.add(srs.tauG2.toUncompressed());
        return Transcript.keccak(parts.toArray(new byte[0][]));
    }

    /**
     * A gate constraint needs no l_active factor when one of its top-level factors is a fixed cell that is zero
     * on every row past the usable ones (after its rotation): then the constraint already holds there, whatever
     * random values the advice columns carry. Dropping the factor keeps the quotient's degree down.
     */
    static boolean[][] gatedConstraints(ConstraintSystem cs) {
        boolean[][] out = new boolean[cs.gates().size()][];
        for (int g = 0; g < out.length; g++) {
            Gate gate = cs.gates().get(g);
            out[g] = new boolean[gate.constraints().size()];
            for (int c = 0; c < out[g].length; c++) {
                out[g][c] = hasVanishingSelector(cs, gate.constraints().get(c));
            }
        }
        return out;
    }

    /**
     * A lookup is inert when each of its inputs vanishes on every row past the usable ones whatever the advice
     * holds (a fixed factor zero there, as the backends' selectors and tags are): its compressed input is then 0
     * on those rows, which lets a helper column over such lookups do without the l_active factor (Argument).
     */
    static boolean[] inertLookups(ConstraintSystem cs) {
        boolean[] out = new boolean[cs.lookups().size()];
        for (int l = 0; l < out.length; l++) {
            boolean all = true;
            for (Expression e : cs.lookups().get(l).inputs()) {
                all &= vanishesPastUsableRows(cs, e);
            }
            out[l] = all;
        }
        return out;
    }

    private static boolean vanishesPastUsableRows(ConstraintSystem cs, Expression e) {
        if (e instanceof Expression.Constant) {
            return ((Expression.Constant) e).value().isZero();
        }
        if (e instanceof Expression.Sum) {
            Expression.Sum s = (Expression.Sum) e;
            return vanishesPastUsableRows(cs, s.a()) && vanishesPastUsableRows(cs, s.b());
        }
        if (e instanceof Expression.Product) {
            Expression.Product p = (Expression.Product) e;
            return vanishesPastUsableRows(cs, p.a()) || vanishesPastUsableRows(cs, p.b());
        }
        if (e instanceof Expression.Scaled) {
            return vanishesPastUsableRows(cs, ((Expression.Scaled) e).e());
        }
        if (e instanceof Expression.Negated) {
            return vanishesPastUsableRows(cs, ((Expression.Negated) e).e());
        }
        return e instanceof Expression.Cell && isVanishingFixedCell(cs, (Expression.Cell) e);
    }

    private static boolean isVanishingFixedCell(ConstraintSystem cs, Expression.Cell cell) {
        if (cell.column().kind() != ColumnKind.FIXED) {
            return false;
        }
        for (int row = cs.usableRows(); row < cs.rows(); row++) {
            if (!cs.fixedValue(cell.column(), Math.floorMod(row + cell.rotation(), cs.rows())).isZero()) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasVanishingSelector(ConstraintSystem cs, Expression e) {
        if (e instanceof Expression.Product) {
            Expression.Product p = (Expression.Product) e;
            return hasVanishingSelector(cs, p.a()) || hasVanishingSelector(cs, p.b());
        }
        if (e instanceof Expression.Scaled) {
            return hasVanishingSelector(cs, ((Expression.Scaled) e).e());
        }
        if (e instanceof Expression.Negated) {
            return hasVanishingSelector(cs, ((Expression.Negated) e).e());
        }
        return e instanceof Expression.Cell && isVanishingFixedCell(cs, (Expression.Cell) e);
    }
}
