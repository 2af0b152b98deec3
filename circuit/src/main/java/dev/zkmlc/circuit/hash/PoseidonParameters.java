package dev.zkmlc.circuit.hash;

import dev.zkmlc.circuit.field.Fr;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One Poseidon instance over the BN254 scalar field: width t, x^5 S-box, round counts, round
 * constants and MDS matrix. Immutable.
 *
 * <p>{@link #circom(int)} gives the instances circomlib (and circomlibjs) use: 8 full rounds and the
 * partial round counts of {@link #CIRCOM_PARTIAL_ROUNDS}. The constants are not copied from anywhere:
 * they are regenerated as the Poseidon paper's reference script does, from a {@link GrainLfsr}
 * seeded with (prime field, x^alpha, 254 bits, t, 8, R_P). The first (8 + R_P)·t field elements
 * (254-bit draws, rejected when not below r) are the round constants, round by round; the next
 * 2t draws, reduced mod r without rejection, are x_0..x_{t-1}, y_0..y_{t-1}, and the MDS matrix
 * is the Cauchy matrix M[i][j] = 1 / (x_i + y_j).
 */
public final class PoseidonParameters {
    /** circomlib's width range: t = 2..17, that is 1..16 inputs. */
    public static final int MIN_WIDTH = 2;
    public static final int MAX_WIDTH = 17;

    public static final int CIRCOM_FULL_ROUNDS = 8;

    /**
     * Partial rounds for t = 2..17, as circomlib chose them: the paper's 128-bit security bounds
     * for x^5 over a 254-bit field, rounded up.
     */
    private static final int[] CIRCOM_PARTIAL_ROUNDS = {56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68};

    private static final int FIELD_BITS = 254;

    /**
     * Memo of the generated instances: a pure function of t, computed at most once per width on
     * first use (generation clocks the LFSR a few hundred thousand times).
     */
    private static final AtomicReferenceArray<PoseidonParameters> CIRCOM =
            new AtomicReferenceArray<>(MAX_WIDTH + 1);

    private final int width;
    private final int fullRounds;
    private final int partialRounds;
    private final Fr[] roundConstants;
    private final Fr[][] mds;
    private final SparsePartialRounds sparse;

    private PoseidonParameters(int width, int fullRounds, int partialRounds, Fr[] roundConstants, Fr[][] mds) {
        this.width = width;
        this.fullRounds = fullRounds;
        this.partialRounds = partialRounds;
        this.roundConstants = roundConstants;
        this.mds = mds;
        this.sparse = new SparsePartialRounds(this); // reads the fields above, all set by now
    }

    /** circomlib's instance of width t (t - 1 inputs), 2 <= t <= 17. */
    public static PoseidonParameters circom(int width) {
        if (width < MIN_WIDTH || width > MAX_WIDTH) {
            throw new IllegalArgumentException("circomlib's Poseidon has widths " + MIN_WIDTH + ".." + MAX_WIDTH
                    + " (1.." + (MAX_WIDTH - 1) + " inputs), not " + width);
        }
        PoseidonParameters p = CIRCOM.get(width);
        if (p == null) {
            p = generate(width, CIRCOM_FULL_ROUNDS, CIRCOM_PARTIAL_ROUNDS[width - MIN_WIDTH]);
            if (!CIRCOM.compareAndSet(width, null, p)) {
                p = CIRCOM.get(width);
            }
        }
        return p;
    }

    /** Generates an instance as the paper's reference script does; see the class comment. */
    static PoseidonParameters generate(int width, int fullRounds, int partialRounds) {
        if (fullRounds % 2 != 0) {
            throw new IllegalArgumentException("full rounds must be even (half before, half after the partial rounds)");
        }
        BigInteger r = Fr.MODULUS;
        GrainLfsr grain = new GrainLfsr(FIELD_BITS, width, fullRounds, partialRounds);
        Fr[] constants = new Fr[(fullRounds + partialRounds) * width];
        for (int i = 0; i < constants.length; i++) {
            constants[i] = Fr.of(grain.nextBelow(r, FIELD_BITS));
        }
        return new PoseidonParameters(width, fullRounds, partialRounds, constants, cauchyMds(grain, width));
    }

    private static Fr[][] cauchyMds(GrainLfsr grain, int width) {
        while (true) {
            Fr[] xy = new Fr[2 * width];
            Set<Fr> seen = new HashSet<>();
            for (int i = 0; i < xy.length; i++) {
                xy[i] = Fr.of(grain.nextBits(FIELD_BITS));
                seen.add(xy[i]);
            }
            // Cauchy's determinant is non-zero (the matrix MDS) exactly when the x's are distinct,
            // the y's are distinct and no x_i + y_j vanishes; otherwise the script draws again.
            if (seen.size() < xy.length) {
                continue;
            }
            Fr[][] m = new Fr[width][width];
            boolean ok = true;
            for (int i = 0; i < width && ok; i++) {
                for (int j = 0; j < width && ok; j++) {
                    Fr s = xy[i].add(xy[width + j]);
                    ok = !s.isZero();
                    if (ok) {
                        m[i][j] = s.inverse();
                    }
                }
            }
            if (ok) {
                return m;
            }
        }
    }

    /** The state width t. */
    public int width() {
        return width;
    }

    /** Number of inputs a hash of this width takes: t - 1 (the first state element is the capacity). */
    public int arity() {
        return width - 1;
    }

    public int fullRounds() {
        return fullRounds;
    }

    public int partialRounds() {
        return partialRounds;
    }

    public int rounds() {
        return fullRounds + partialRounds;
    }

    /** Whether round {@code round} (0-based) applies the S-box to every element, not only the first. */
    public boolean isFullRound(int round) {
        return round < fullRounds / 2 || round >= fullRounds / 2 + partialRounds;
    }

    /** The constant added to state element {@code i} at the start of round {@code round}. */
    public Fr roundConstant(int round, int i) {
        return roundConstants[round * width + i];
    }

    /** Entry (row, col) of the MDS matrix: the new state is M · old state. */
    public Fr mds(int row, int col) {
        return mds[row][col];
    }

    /**
     * The permutation of {@code state} (length t) as a new array; the argument is untouched. Computed
     * with sparse partial rounds ({@link SparsePartialRounds}), equal to applying {@link #round} for
     * every round, at a quarter of the cost for t = 17.
     */
    public Fr[] permute(Fr[] state) {
        if (state.length != width) {
            throw new IllegalArgumentException("state has " + state.length + " elements, width is " + width);
        }
        return sparse.permute(state);
    }

    /**
     * One round as a new array: add the round constants, apply the S-box (to every element in a full
     * round, to element 0 in a partial one), multiply by the MDS matrix.
     */
    public Fr[] round(int round, Fr[] state) {
        Fr[] x = new Fr[width];
        boolean full = isFullRound(round);
        for (int i = 0; i < width; i++) {
            Fr v = state[i].add(roundConstant(round, i));
            x[i] = full || i == 0 ? sbox(v) : v;
        }
        Fr[] next = new Fr[width];
        for (int i = 0; i < width; i++) {
            Fr acc = Fr.ZERO;
            for (int j = 0; j < width; j++) {
                acc = acc.add(mds[i][j].mul(x[j]));
            }
            next[i] = acc;
        }
        return next;
    }

    /** The permutation's partial rounds in sparse form (the rewrite {@link #permute} computes with). */
    public SparsePartialRounds sparseRounds() {
        return sparse;
    }

    /** The S-box x^5. */
    public static Fr sbox(Fr x) {
        Fr x2 = x.square();
        return x2.square().mul(x);
    }
}
