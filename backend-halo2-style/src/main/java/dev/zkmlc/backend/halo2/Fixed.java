package dev.zkmlc.backend.halo2;

/**
 * The fixed columns of the halo2-style layout. Selectors switch a gate on for a row; the
 * coefficient columns C1..C3 give per-row constants to whichever gate the row uses; the L columns
 * drive the one lookup shape (tag, s * x - b, e * y) that serves both range checks and function
 * tables; T columns hold the tables; CONST holds constants that advice cells are copied to. Decomposition
 * selectors are not here: each limb count and base has its own ({@link Layout.DecShape}).
 */
enum Fixed {
    Q_DOT, Q_DOTF, Q_CHAIN, Q_SUM, Q_LIN, Q_MUL, Q_DIV, Q_DV, Q_MAX, Q_MIN, Q_CMP,
    C1, C2, C3,
    L_TAG, L_S, L_B, L_E,
    CONST,
    T_TAG, T_X, T_Y,
    /**
     * The Freivalds matmul check (last, so that circuits without it keep their column order): Horner rows over s (Q_FS) and over r
     * scaled by g (Q_FR); how g is set on the rows of a B-row chain (Q_FGY), of a C-row chain (Q_FGC) and on the
     * first C-row chain's first row (Q_FG1); the chain carry F_C (0 on a chain's first row), the carry of the
     * running difference e (F_CE, 0 on a check's first row), the sign with which a chain's result enters e
     * (F_END: +1, -1 or 0), and the final e = 0 (Q_FFIN).
     */
    Q_FS, Q_FR, Q_FGY, Q_FGC, Q_FG1, F_C, F_CE, F_END, Q_FFIN,
    /**
     * The Freivalds check of a vector times a matrix the verifying key fixes (after the others, for the same reason):
     * on each of its rows e = F_CE·e[-1] + a0·Σ_j r^j·M_j, the matrix columns M_j ({@link Layout#matrixWeights})
     * holding the weights on input rows and -1 at j on output row j.
     */
    Q_FX,
    /**
     * The Freivalds check of a vector times a matrix of weights the prover supplies (after the others, for the same
     * reason): on an input row (Q_FW) e = F_CE·e[-1] + a1·Σ_j r^j·a_2j, the input in a1 and a row of the matrix in the
     * even columns, which the row's lookups range-check in place; on the output row (Q_FWO) e = F_CE·e[-1] - Σ_j
     * r^j·a_2j, the claimed outputs in the even columns.
     */
    Q_FW, Q_FWO
}
