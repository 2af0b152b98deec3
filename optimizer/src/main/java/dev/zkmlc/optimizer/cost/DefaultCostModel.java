package dev.zkmlc.optimizer.cost;

import dev.zkmlc.circuit.backend.LayoutStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts what the PLONKish prover (prover.plonk.Prover, docs/prover.md) does for a layout and weights each
 * operation with a {@link CostProfile}:
 * <ul>
 *   <li>committed columns: the W advice columns, a multiplicity for the one (tagged) table both backends look up
 *       in, for that table one logUp running sum and a helper column per group of its other lookups (as many to a
 *       group as their degree-2 inputs fit the degree: (d - 1) / 2, at least one), per table
 *       segment beyond the first a multiplicity and per d - 2 of them a running sum, one
 *       grand product per chunk of (degree - 2) equality columns, and degree - 1 quotient pieces; each costs
 *       an MSM of n = 2^k points, and each but the quotient pieces an inverse NTT of n points. Advice columns and
 *       multiplicities hold small integers, so their MSMs take the small-scalar rate; the others, phase-1 advice
 *       included (values that depend on a challenge), are full field elements;</li>
 *   <li>the quotient: the proof's own columns (advice, instance, the arguments' multiplicities, sums and
 *       products) are put on the extended coset of n · 2^ceil(log2(degree - 1)) points by a coset NTT (fixed,
 *       permutation σ and domain polynomials come with the proving key already there), the identities are
 *       evaluated there (multiplications per extended row, about W per gate, a dozen per lookup, four per
 *       equality column), and one inverse coset NTT gives the quotient pieces;</li>
 *   <li>lookups: multiplicities and the running sum, per row per lookup and per further table segment (a table
 *       spread over S segments, {@link dev.zkmlc.circuit.backend.LayoutOptions#tableSegments}, needs 1/S of the rows,
 *       at S - 1 multiplicities, ceil((S - 1)/(d - 2)) sums and 3 (S - 1) fixed columns); the permutation's grand
 *       products,
 *       four multiplications per row per equality column;</li>
 *   <li>evaluations at x (n multiplications per opened polynomial) and the SHPLONK opening of all rotations
 *       (two full MSMs);</li>
 *   <li>witness generation: per advice cell.</li>
 * </ul>
 * Peak memory follows the prover's own estimate (every column on the extended coset at once, plus values
 * and coefficients of the proof's polynomials) plus the SRS in monomial and Lagrange form. Proof size: one
 * 64-byte G1 point per commitment and opening, 32 bytes per evaluation.
 */
public final class DefaultCostModel implements CostModel {
    /** Opened rotations of the halo2-style circuits: current, previous (chained rows) and next (grand products). */
    private static final int ROTATIONS = 3;
    /** SHPLONK opens every rotation with two commitments (prover.kzg.Kzg.MultiOpener), whatever their number. */
    private static final int OPENING_COMMITMENTS = 2;
    private static final int LOOKUP_TERMS = 12;
    private static final int PERMUTATION_TERMS = 4;
    private static final int DOMAIN_POLYS = 4;
    /**
     * Windows of a full-scalar commitment: the prover's base tables split 254-bit scalars into 13-bit signed windows
     * (prover.msm.BaseTable: 20 of them).
     */
    public static final int FULL_SCALAR_WINDOWS = 20;
    /** The circuit sizes whose proving keys carry base tables (prover.plonk.Setup: 2^11 to 2^16 rows). */
    public static final int TABLED_FROM_K = 11;
    public static final int TABLED_TO_K = 16;

    private final CostProfile profile;

    public DefaultCostModel(CostProfile profile) {
        this.profile = profile;
    }

    public CostProfile profile() {
        return profile;
    }

    @Override
    public String name() {
        return "default";
    }

    @Override
    public CostEstimate estimate(LayoutStats s) {
        return estimate(s, s.degree(), false);
    }

    /** The estimate of {@code s} at {@code degree}; a {@code floor} counts no phase-1 columns. */
    private CostEstimate estimate(LayoutStats s, int degree, boolean floor) {
        long n = s.totalRows();
        int d = Math.max(3, degree);
        int quotientPieces = d - 1;
        long ext = n << ceilLog2(quotientPieces);
        int a = s.adviceColumns();
        int l = s.lookups();
        // Both backends look every value up in one (tagged) table, and the prover commits one multiplicity column per
        // distinct table (docs/prover.md), not one per lookup.
        int tables = l > 0 ? 1 : 0;
        // Each table segment beyond the first has a multiplicity column (small values), and the further segments share
        // running sums, d - 2 to a sum (docs/prover.md); their fixed columns are among the fixed ones.
        int segs = l > 0 ? Math.max(0, s.tableSegments() - 1) : 0;
        int segSums = (segs + d - 3) / (d - 2);
        int segColumns = segs + segSums;
        // One running sum for the table, and the other lookups' 1/(f + β) summed in helper columns, (d - 1) / 2 to a
        // column: both backends' inputs have degree 2 and vanish past the usable rows (docs/prover.md).
        int sums = l > 0 ? 1 + helperColumns(l, d) : 0;
        int e = s.equalityColumns();
        int chunks = (e + d - 3) / (d - 2);
        int inst = s.instanceColumns();
        int f = s.fixedColumns();

        // Phase-1 advice (a Freivalds check's running values) depends on a challenge: full field elements.
        int phaseOne = floor ? 0 : s.phaseOneColumns();
        int smallCommits = a - phaseOne + tables + segs;
        int fullCommits = sums + segSums + chunks + quotientPieces + phaseOne;
        // The quotient pieces come out of the one inverse coset NTT: only the proof's own columns are interpolated.
        int baseNtts = a + inst + sums + tables + segColumns + chunks;
        // Fixed, sigma and domain polynomials come with the proving key already on the coset (setup's work).
        int proofCosetColumns = a + inst + sums + tables + segColumns + chunks;
        int cosetColumns = proofCosetColumns + f + e + DOMAIN_POLYS;
        double ntt = ntt(n) * baseNtts + ntt(ext) * (proofCosetColumns + 1);
        // A floor counts no phase-1 column, so its advice may not be dearer than a phase-1 column would be.
        double smallRate = floor ? Math.min(msmSmall(n), msmFull(n)) : msmSmall(n);
        double msm = smallRate * smallCommits + msmFull(n) * (fullCommits + OPENING_COMMITMENTS);
        long termsPerRow = (long) s.gates() * s.width() + (long) LOOKUP_TERMS * (l + segs) + (long) PERMUTATION_TERMS * e;
        double quotient = profile.fieldMulNs() * ext * (termsPerRow + 2);
        double lookup = profile.lookupNsPerRow() * n * (l + segs);
        double permutation = profile.fieldMulNs() * n * PERMUTATION_TERMS * e;
        int opened = a + inst + f + e + (sums > 0 ? sums + 1 : 0) + tables + segs + 2 * segSums + 2 * chunks + quotientPieces
                + DOMAIN_POLYS;
        double evaluation = profile.fieldMulNs() * n * (opened + 2.0 * ROTATIONS);
        double witness = profile.witnessNsPerCell() * s.adviceCells();

        Map<String, Double> phases = new LinkedHashMap<>();
        phases.put("ntt", ntt * 1e-9);
        phases.put("msm", msm * 1e-9);
        phases.put("quotient", quotient * 1e-9);
        phases.put("lookup", lookup * 1e-9);
        phases.put("permutation", permutation * 1e-9);
        phases.put("evaluation", evaluation * 1e-9);
        phases.put("witness", witness * 1e-9);
        double total = 0;
        for (double v : phases.values()) {
            total += v;
        }

        long committed = smallCommits + fullCommits;
        long columnsOnCoset = cosetColumns;
        long memory = 32L * (columnsOnCoset * ext + 2 * ext + (committed + inst) * 2 * n) + 128L * n;
        long proof = 64L * (committed + OPENING_COMMITMENTS) + 32L * opened;
        return new CostEstimate(total, memory, proof, phases);
    }

    /**
     * The least {@link #estimate} of the floor's counts over every degree from the floor's up. Every term of the
     * estimate is a product of non-negative factors that do not shrink as a count grows, but for two: a higher degree
     * adds quotient pieces and widens the extended domain yet packs equality columns into fewer grand-product chunks
     * and further table segments into fewer running sums (hence the least over the degrees, up to {@link
     * #highestDegreeThatPacks}), and a
     * phase-1 column moves an advice column from the small-scalar to the full-scalar MSM rate (so a floor's commitments of
     * small values take the lesser of the two rates: at the smallest sizes Pippenger over full scalars can be the
     * cheaper).
     */
    @Override
    public double secondsFloor(LayoutStats floor) {
        double least = Double.POSITIVE_INFINITY;
        for (int d = Math.max(3, floor.degree()); d <= highestDegreeThatPacks(floor); d++) {
            least = Math.min(least, estimate(floor, d, true).provingSeconds());
        }
        return least;
    }

    /**
     * {@link #estimate}'s least memory at the floor's counts over every degree from the floor's up, as for {@link
     * #secondsFloor}; a phase-1 column only moves a commitment from one rate to the other.
     */
    @Override
    public long peakMemoryFloor(LayoutStats floor) {
        long least = Long.MAX_VALUE;
        for (int d = Math.max(3, floor.degree()); d <= highestDegreeThatPacks(floor); d++) {
            least = Math.min(least, estimate(floor, d, true).peakMemoryBytes());
        }
        return least;
    }

    /**
     * The degree from which a higher one packs nothing more: every equality column in one grand-product chunk, every
     * further table segment in one running sum (d - 2 to a chunk or a sum) and every lookup but the first in one helper
     * column ((d - 1) / 2 to a column), so that beyond it the estimate only grows.
     */
    private static int highestDegreeThatPacks(LayoutStats s) {
        int segs = s.lookups() > 0 ? Math.max(0, s.tableSegments() - 1) : 0;
        int packed = Math.max(Math.max(3, s.degree()), Math.max(s.equalityColumns(), segs) + 2);
        return Math.max(packed, 2 * Math.max(0, s.lookups() - 1) + 1);
    }

    /** Helper columns for the l - 1 lookups besides the table's first, (d - 1) / 2 of them (at least one) to a column. */
    private static int helperColumns(int l, int d) {
        int perColumn = Math.max(1, (d - 1) / 2);
        return (l - 1 + perColumn - 1) / perColumn;
    }

    /** NTT of n points: n log2 n butterfly-level steps. */
    double ntt(long n) {
        return profile.nttNs() * n * log2(n);
    }

    /**
     * A commitment to full scalars. Keys of 2^11 to 2^16 rows hold every base's multiples for each 13-bit window (the
     * prover's Setup.MIN_TABLED_K and MAX_TABLED_K), so the MSM loads each point once per window into one set of
     * buckets whatever n, then reduces the buckets once; other keys run Pippenger, about 254 / log2(n) windows of n
     * additions. Taken as the most over every size up to n, so that the cost never falls as n grows (a floor's k
     * may be below the layout's), whatever the profile.
     */
    double msmFull(long n) {
        double most = 0;
        for (int log = 0; log <= log2(n); log++) {
            most = Math.max(most, msmFullAt(log));
        }
        return most;
    }

    private double msmFullAt(int log) {
        long n = 1L << log;
        if (log >= TABLED_FROM_K && log <= TABLED_TO_K) {
            return profile.msmFullNs() * n * FULL_SCALAR_WINDOWS + profile.msmFullFixedNs();
        }
        return profile.msmPippengerNs() * n * 254.0 / Math.max(1, log);
    }

    /** A commitment to small signed integers: a window or two per point, and every column's few blinding values. */
    double msmSmall(long n) {
        return profile.msmSmallNs() * n + profile.msmSmallFixedNs();
    }

    private static int log2(long n) {
        return 63 - Long.numberOfLeadingZeros(Math.max(1, n));
    }

    private static int ceilLog2(int x) {
        return x <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(x - 1);
    }
}
