package dev.zkmlc.backend.plonk;

import static dev.zkmlc.circuit.mock.CircuitChecks.assertComplete;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertWiresAccepted;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertWiresRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.GadgetProperties;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Region;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.gadget.RangeBase;
import dev.zkmlc.circuit.mock.CircuitChecks;
import dev.zkmlc.circuit.mock.MockProver;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The gadget properties of every backend ({@link GadgetProperties}) under vanilla PLONK and its lookup-table
 * variant at random table bits, and range checks in each base, which only the lookup variant tells apart.
 */
class GadgetPropertiesTest extends GadgetProperties {
    @Override
    protected CompiledCircuit layout(GadgetProgram p, Random r) {
        return CircuitHarness.compile(p, r);
    }

    @Override
    protected int examples() {
        return 8;
    }

    /**
     * A max or min element takes five rows: c·c = c, D = a - b, t = (2c - 1) D + c - 1, M = c D, out; the flipped
     * witness recomputes M = c·D consistently.
     */
    @Override
    protected void assertFlippedComparisonRejected(CompiledCircuit cc, Witness honest, String kind, int i,
            long a, long b) {
        var cs = cc.constraintSystem();
        Region region = cs.regions().stream().filter(g -> g.name().equals(kind)).findFirst().orElseThrow();
        int row = region.firstRow() + 5 * i;
        long c = a >= b ? 0 : 1;
        long d = a - b;
        long wrong = kind.equals("max") ? Math.min(a, b) : Math.max(a, b);
        for (Fr t : new Fr[] {Fr.of((2 * c - 1) * d + c - 1), Fr.ZERO}) {
            Witness bad = CircuitChecks.withCells(cs, honest, Map.of(
                    new CellRef(cs.advice().get(0), row), Fr.of(c),
                    new CellRef(cs.advice().get(2), row + 2), t,
                    new CellRef(cs.advice().get(2), row + 3), Fr.of(c * d),
                    new CellRef(cs.advice().get(2), row + 4), Fr.of(wrong)));
            assertFalse(MockProver.check(cs, bad, 1).isEmpty(), () -> kind + " with the comparison flipped accepted");
        }
    }

    /**
     * Range checks in table-bit limbs and in bits under the lookup variant, and in bits under vanilla PLONK: each
     * check has the limbs its own range needs, checks in bits look nothing up, both bounds pass, one past either
     * bound is rejected, and changing any value or limb cell of the range rows is rejected.
     */
    @Test
    void rangeChecksInEachBaseRejectOnePastEitherBoundAndAChangedLimb() {
        qt().withExamples(24).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int tableBits = 4 + r.nextInt(5);
            RangeBase base = r.nextBoolean() ? RangeBase.BITS : RangeBase.TABLE;
            GadgetProgram.Builder b = GadgetProgram.builder("ranges");
            b.rangeBase(base);
            long[] los = new long[2];
            long[] his = new long[2];
            int[][] xs = new int[2][];
            for (int t = 0; t < 2; t++) {
                los[t] = r.nextInt(2_000_001) - 1_000_000;
                int bits = r.nextInt(3 * tableBits);
                his[t] = los[t] + (bits == 0 ? 0 : r.nextBoolean() ? (1L << bits) - 1 : (1L << bits) - 1 - r.nextInt(1 << (bits - 1)));
                xs[t] = b.input("x" + t, new int[] {2}, false, new Interval(los[t], his[t]));
                b.output("x" + t, new int[] {2}, xs[t], true);
            }
            GadgetProgram p = b.build();
            // Vanilla PLONK has bits only (it ignores the base), so it joins the checks in bits.
            PlonkBackend backend = base == RangeBase.BITS && r.nextBoolean() ? PlonkBackend.vanilla()
                    : PlonkBackend.withLookupTable();
            CompiledCircuit cc = backend.layout(p, LayoutOptions.defaults().withTableBits(tableBits));
            if (base == RangeBase.BITS) {
                assertEquals(0, cc.stats().tableRows(), "checks in bits used the table");
            }
            Map<String, long[]> in = Map.of("x0", randoms(r, 2, los[0], his[0]), "x1", randoms(r, 2, los[1], his[1]));
            var res = assertComplete(cc, in, in);
            CircuitChecks.assertRangeCellTamperingRejected(cc, res.witness(), r, 40);
            for (int t = 0; t < 2; t++) {
                long[] wires = p.evaluate(in);
                int w = xs[t][r.nextInt(2)];
                wires[w] = los[t];
                assertWiresAccepted(cc, wires, "the low bound");
                wires[w] = his[t];
                assertWiresAccepted(cc, wires, "the high bound");
                wires[w] = los[t] - 1;
                assertWiresRejected(cc, wires, "one below [" + los[t] + ", " + his[t] + "]");
                wires[w] = his[t] + 1;
                assertWiresRejected(cc, wires, "one above [" + los[t] + ", " + his[t] + "]");
            }
        });
    }
}
