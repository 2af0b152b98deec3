package dev.zkmlc.backend.plonk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;

/** The flat aux rules evaluate to the values their gate rows and decompositions define. */
class AuxRulesTest {
    private static final int TABLE_BITS = 4;

    @Test
    void aGateOutputSolvesItsRowAndLimbsReassembleTheCheckedValue() {
        qt().forAll(longs().between(-1000, 1000), longs().between(-1000, 1000), longs().between(-50, 50),
                integers().between(-3, 3)).checkAssert((x, y, coef, base) -> {
                    PlonkLayout l = new PlonkLayout(true, TABLE_BITS, true);
                    // Row 0: c = coef·a + 3b + 2ab + 7 over wires 0 (a) and 1 (b).
                    l.setCell(PlonkLayout.A, 0, 0);
                    l.setCell(PlonkLayout.B, 0, 1);
                    l.setFixed(Selector.QL, 0, coef);
                    l.setFixed(Selector.QR, 0, 3);
                    l.setFixed(Selector.QM, 0, 2);
                    l.setFixed(Selector.QC, 0, 7);
                    int out = l.auxGateOutput(0);
                    // Decompose -out - base (an aux source) into 4-bit limbs, with the partial sums of the chain.
                    int dec = l.decomposition(out, -1, base);
                    int[] limbs = new int[16];
                    for (int j = 0; j < limbs.length; j++) {
                        limbs[j] = l.auxDecomposed(dec, TABLE_BITS * j, true);
                    }
                    int high = l.auxDecomposed(dec, TABLE_BITS, false);
                    int bit3 = l.auxBit(dec, 3);
                    int same = l.auxEqual(0, 2);

                    long[] wires = {x, y, x};
                    long[] aux = l.aux.evaluate(wires, l.cells[PlonkLayout.A], l.cells[PlonkLayout.B],
                            l.fixed.get(Selector.QL), l.fixed.get(Selector.QR), l.fixed.get(Selector.QM),
                            l.fixed.get(Selector.QC));
                    long c = coef * x + 3 * y + 2 * x * y + 7;
                    assertEquals(c, AuxRules.value(out, wires, aux));
                    long checked = -c - base;
                    long sum = 0;
                    for (int j = limbs.length - 1; j >= 0; j--) {
                        long limb = AuxRules.value(limbs[j], wires, aux);
                        assertEquals(limb, limb & 15, "limb " + j + " within 4 bits");
                        sum = (sum << TABLE_BITS) + limb;
                    }
                    assertEquals(checked, sum);
                    assertEquals(checked >>> TABLE_BITS, AuxRules.value(high, wires, aux));
                    assertEquals((checked >>> 3) & 1, AuxRules.value(bit3, wires, aux));
                    assertEquals(1, AuxRules.value(same, wires, aux));
                });
    }
}
