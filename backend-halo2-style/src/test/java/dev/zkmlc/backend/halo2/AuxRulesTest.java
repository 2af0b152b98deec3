package dev.zkmlc.backend.halo2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;

/** Each flat aux rule evaluates to the value its gadget's row defines. */
class AuxRulesTest {
    @Test
    void everyRuleKindComputesItsGadgetsValue() {
        qt().forAll(longs().between(-500, 500), longs().between(-500, 500), longs().between(1, 40))
                .checkAssert((x, y, d) -> {
                    // Wires: 0..4 the terms x, y, d, x, y; 5 the constant 1.
                    long[] wv = {x, y, d, x, y, 1};
                    int[] xs = {0, 1, 2, 3, 4};
                    int[] ws = {1, 2, 3, 4, 0};
                    AuxRules r = new AuxRules(0);
                    int dot = r.terms(xs, ws, 2);
                    int sum = r.terms(xs, null, 2);
                    r.partialSum(2, dot, 2); // aux 0: d + x·y + d·x (terms 2, 3)
                    r.partialSum(AuxRules.NONE, sum, 0); // aux 1: x + y (a sum's first row)
                    r.partialSum(-2, sum, 4); // aux 2: aux 1 + y (the last, short row)
                    r.copyOf(-3); // aux 3: aux 2
                    r.constant(-9); // aux 4
                    r.zero(); // aux 5
                    r.divRound(0, 1, d); // aux 6: 2x + d - 2d·y
                    r.divVarRemainder(0, 2, 1); // aux 7: 2x + d - 2d·y
                    r.divVarSlack(0, 2, 1); // aux 8: 2d - 1 - aux 7
                    r.equal(0, 3); // aux 9: 1
                    r.maxSlack(0, 3, 1, false); // aux 10: output x claims max(x, y): x - y
                    r.maxSlack(0, 1, 3, true); // aux 11: output x claims min(y, x): y - x
                    r.compareSlack(5, 0, 1); // aux 12: bit 1 claims x >= y: x - y
                    int dec = r.decomposition(-2, -1, -1000); // 1000 - (x + y), x + y being aux 1
                    r.limb(dec, 0, 8); // aux 13
                    r.limb(dec, 8, 8); // aux 14
                    long[] av = r.evaluate(wv);
                    long checked = 1000 - (x + y);
                    long[] expected = {d + x * y + d * x, x + y, x + 2 * y, x + 2 * y, -9, 0, 2 * x + d - 2 * d * y,
                        2 * x + d - 2 * d * y, 2 * d - 1 - (2 * x + d - 2 * d * y), 1, x - y, y - x, x - y,
                        checked & 255, (checked >>> 8) & 255};
                    for (int i = 0; i < expected.length; i++) {
                        assertEquals(expected[i], av[i], "aux " + i);
                    }
                });
    }
}
