package dev.zkmlc.backend.plonk;

/**
 * The fixed columns of the PLONK layout. QL..QC are the coefficients of the one gate
 * qL·a + qR·b + qO·c + qM·a·b + qC = 0; QK, QY and QT drive the optional plookup argument
 * (QT·tag, QK·b, QY·c) into the table columns TT, TX, TY.
 */
enum Selector {
    QL, QR, QO, QM, QC,
    QK, QY, QT,
    TT, TX, TY;

    /** Whether the column exists only when the layout uses the lookup table. */
    boolean lookupOnly() {
        return ordinal() >= QK.ordinal();
    }
}
