package dev.zkmlc.backend.halo2;

/**
 * The fixed columns of the halo2-style layout. Selectors switch a gate on for a row; the
 * coefficient columns C1..C3 give per-row constants to whichever gate the row uses; the L columns
 * drive the one lookup shape (tag, s * x - b, e * y) that serves both range checks and function
 * tables; T columns hold the tables; CONST holds constants that advice cells are copied to.
 */
enum Fixed {
    Q_DOT, Q_DOTF, Q_CHAIN, Q_SUM, Q_LIN, Q_MUL, Q_DIV, Q_DV, Q_MAX, Q_MIN, Q_CMP, Q_DEC,
    C1, C2, C3,
    L_TAG, L_S, L_B, L_E,
    CONST,
    T_TAG, T_X, T_Y,
    /** Packed decompositions (last, so that circuits without them keep their column order). */
    Q_DECP
}
