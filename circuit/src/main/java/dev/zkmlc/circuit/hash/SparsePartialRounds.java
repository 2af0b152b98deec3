package dev.zkmlc.circuit.hash;

import dev.zkmlc.circuit.field.Fr;

/**
 * The same permutation as {@link PoseidonParameters#round} applied round after round, rewritten so
 * that a partial round costs about 2t multiplications instead of t^2 (the Poseidon paper, appendix
 * B). Two exact rewrites:
 *
 * <ol>
 *   <li>Constants: in a partial round the S-box touches element 0 only, so the constants of elements
 *       1..t-1 pass through it unchanged and can be pushed through the MDS matrix into the next
 *       round's constants. After pushing forward, each partial round adds one scalar to element 0,
 *       and the first full round after them absorbs the rest.</li>
 *   <li>Matrices: any A with an invertible lower-right block Â factors as A = M''·M' with
 *       M' = diag(1, Â) and M'' = [[a00, v], [w, I]] sparse (w the rest of A's first column,
 *       v = (A's first row without a00)·Â^{-1}). M' fixes element 0 and mixes only the others, so it
 *       commutes with a partial round's S-box and its scalar constant, and moves into the previous
 *       round's matrix. Factoring from the last partial round backwards leaves each partial round a
 *       sparse M'' and puts the accumulated M' into the last full round before them.</li>
 * </ol>
 *
 * <p>The accessors give the rewritten rounds to circuits that spell the permutation out in gates of
 * their own (the vanilla PLONK backend's hash chain): full rounds {@code r} use
 * {@link #fullConstant(int, int)} and, for the last of the first half, {@link #preMatrix(int, int)};
 * partial round {@code k} is {@code x = (s_0 + c_k)^5}, {@code s_0' = a00_k·x + Σ_j v_k,j·s_j},
 * {@code s_j' = s_j + w_k,j·x} (j = 1..t-1).
 */
public final class SparsePartialRounds {
    private final int t;
    private final int halfFull;
    private final int partial;
    private final Fr[][] mds;
    /** Full-round constants: the first half as given, the second half with the pushed constants added. */
    private final Fr[][] fullConstants;
    /** The last full round before the partial rounds multiplies by this instead of the MDS matrix. */
    private final Fr[][] preMatrix;
    private final Fr[] partialConstants;
    private final Fr[] a00;
    private final Fr[][] v;
    private final Fr[][] w;

    SparsePartialRounds(PoseidonParameters p) {
        t = p.width();
        halfFull = p.fullRounds() / 2;
        partial = p.partialRounds();
        mds = new Fr[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                mds[i][j] = p.mds(i, j);
            }
        }

        fullConstants = new Fr[p.fullRounds()][];
        for (int r = 0; r < halfFull; r++) {
            fullConstants[r] = constants(p, r);
        }
        partialConstants = new Fr[partial];
        Fr[] carry = zeros(t);
        for (int k = 0; k < partial; k++) {
            Fr[] c = add(constants(p, halfFull + k), carry);
            partialConstants[k] = c[0];
            c[0] = Fr.ZERO;
            carry = multiply(mds, c);
        }
        for (int r = halfFull; r < p.fullRounds(); r++) {
            Fr[] c = constants(p, halfFull + partial + r - halfFull);
            fullConstants[r] = r == halfFull ? add(c, carry) : c;
        }

        a00 = new Fr[partial];
        v = new Fr[partial][];
        w = new Fr[partial][];
        Fr[][] a = mds;
        for (int k = partial - 1; k >= 0; k--) {
            Fr[][] hat = new Fr[t - 1][t - 1];
            Fr[] firstRow = new Fr[t - 1];
            w[k] = new Fr[t - 1];
            for (int i = 1; i < t; i++) {
                firstRow[i - 1] = a[0][i];
                w[k][i - 1] = a[i][0];
                for (int j = 1; j < t; j++) {
                    hat[i - 1][j - 1] = a[i][j];
                }
            }
            a00[k] = a[0][0];
            v[k] = solveTransposed(hat, firstRow);
            a = multiply(blockDiagonal(hat), mds);
        }
        preMatrix = a;
    }

    /** Constant added to element {@code i} in full round {@code r}, 0 <= r < R_F (rounds numbered without the partial ones). */
    public Fr fullConstant(int r, int i) {
        return fullConstants[r][i];
    }

    /** The matrix of the last full round before the partial rounds (the other full rounds use the MDS matrix). */
    public Fr preMatrix(int i, int j) {
        return preMatrix[i][j];
    }

    /** The scalar constant added to element 0 in partial round {@code k}. */
    public Fr partialConstant(int k) {
        return partialConstants[k];
    }

    /** Partial round {@code k}'s sparse matrix: entry (0, 0). */
    public Fr a00(int k) {
        return a00[k];
    }

    /** Partial round {@code k}'s sparse matrix: entry (0, j), 1 <= j < t. */
    public Fr v(int k, int j) {
        return v[k][j - 1];
    }

    /** Partial round {@code k}'s sparse matrix: entry (i, 0), 1 <= i < t. */
    public Fr w(int k, int i) {
        return w[k][i - 1];
    }

    Fr[] permute(Fr[] state) {
        Fr[] s = state.clone();
        for (int r = 0; r < halfFull; r++) {
            s = fullRound(s, fullConstants[r], r == halfFull - 1 ? preMatrix : mds);
        }
        for (int k = 0; k < partial; k++) {
            Fr x0 = PoseidonParameters.sbox(s[0].add(partialConstants[k]));
            Fr out0 = a00[k].mul(x0);
            for (int j = 1; j < t; j++) {
                out0 = out0.add(v[k][j - 1].mul(s[j]));
            }
            for (int i = 1; i < t; i++) {
                s[i] = s[i].add(w[k][i - 1].mul(x0));
            }
            s[0] = out0;
        }
        for (int r = halfFull; r < fullConstants.length; r++) {
            s = fullRound(s, fullConstants[r], mds);
        }
        return s;
    }

    private Fr[] fullRound(Fr[] s, Fr[] constants, Fr[][] matrix) {
        Fr[] x = new Fr[t];
        for (int i = 0; i < t; i++) {
            x[i] = PoseidonParameters.sbox(s[i].add(constants[i]));
        }
        return multiply(matrix, x);
    }

    private static Fr[] constants(PoseidonParameters p, int round) {
        Fr[] c = new Fr[p.width()];
        for (int i = 0; i < c.length; i++) {
            c[i] = p.roundConstant(round, i);
        }
        return c;
    }

    private static Fr[] zeros(int n) {
        Fr[] z = new Fr[n];
        java.util.Arrays.fill(z, Fr.ZERO);
        return z;
    }

    private static Fr[] add(Fr[] a, Fr[] b) {
        Fr[] c = new Fr[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].add(b[i]);
        }
        return c;
    }

    private static Fr[] multiply(Fr[][] m, Fr[] x) {
        Fr[] y = new Fr[m.length];
        for (int i = 0; i < m.length; i++) {
            Fr acc = Fr.ZERO;
            for (int j = 0; j < x.length; j++) {
                acc = acc.add(m[i][j].mul(x[j]));
            }
            y[i] = acc;
        }
        return y;
    }

    private static Fr[][] multiply(Fr[][] a, Fr[][] b) {
        int n = a.length;
        Fr[][] c = new Fr[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                Fr acc = Fr.ZERO;
                for (int k = 0; k < n; k++) {
                    acc = acc.add(a[i][k].mul(b[k][j]));
                }
                c[i][j] = acc;
            }
        }
        return c;
    }

    /** diag(1, hat). */
    private static Fr[][] blockDiagonal(Fr[][] hat) {
        int n = hat.length + 1;
        Fr[][] m = new Fr[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = i == 0 || j == 0 ? (i == j ? Fr.ONE : Fr.ZERO) : hat[i - 1][j - 1];
            }
        }
        return m;
    }

    /** The row vector x with x·m = b, by Gauss-Jordan elimination on m^T (m is invertible). */
    private static Fr[] solveTransposed(Fr[][] m, Fr[] b) {
        int n = m.length;
        Fr[][] aug = new Fr[n][n + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                aug[i][j] = m[j][i];
            }
            aug[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (aug[pivot][col].isZero()) {
                pivot++;
                if (pivot == n) {
                    throw new IllegalStateException("singular MDS sub-matrix: the parameters are not an MDS instance");
                }
            }
            Fr[] tmp = aug[col];
            aug[col] = aug[pivot];
            aug[pivot] = tmp;
            Fr inv = aug[col][col].inverse();
            for (int j = col; j <= n; j++) {
                aug[col][j] = aug[col][j].mul(inv);
            }
            for (int i = 0; i < n; i++) {
                if (i != col && !aug[i][col].isZero()) {
                    Fr f = aug[i][col];
                    for (int j = col; j <= n; j++) {
                        aug[i][j] = aug[i][j].sub(f.mul(aug[col][j]));
                    }
                }
            }
        }
        Fr[] x = new Fr[n];
        for (int i = 0; i < n; i++) {
            x[i] = aug[i][n];
        }
        return x;
    }
}
