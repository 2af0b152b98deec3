package dev.zkmlc.backend.halo2;

import static dev.zkmlc.backend.halo2.CircuitHarness.assertAuditFindsNothing;
import static dev.zkmlc.backend.halo2.CircuitHarness.assertChangedEntriesRejected;
import static dev.zkmlc.backend.halo2.CircuitHarness.assertChangedOutputsAndCellsRejected;
import static dev.zkmlc.backend.halo2.CircuitHarness.assertHonestForAnyChallenges;
import static dev.zkmlc.backend.halo2.CircuitHarness.assertRunningDifferencesPinned;
import static dev.zkmlc.backend.halo2.CircuitHarness.compile;
import static dev.zkmlc.backend.halo2.CircuitHarness.freivaldsRegion;
import static dev.zkmlc.backend.halo2.CircuitHarness.nonZero;
import static dev.zkmlc.backend.halo2.CircuitHarness.product;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertCellTamperingRejected;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertComplete;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertWiresAccepted;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertWiresRejected;
import static dev.zkmlc.circuit.mock.CircuitChecks.randomChallenges;
import static dev.zkmlc.circuit.mock.CircuitChecks.withCell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.backend.LayoutStats;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Gate;
import dev.zkmlc.circuit.cs.Region;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.gadget.Gadget;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.mock.MockProver;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Freivalds check of x·W for one row x and weights W the prover supplies ({@link Fixed#Q_FW}): W's rows in the
 * even columns, range-checked there by the row's lookups instead of on range rows of their own. Over random shapes
 * (some wider than W/2 columns, so split into blocks), widths and values, with x a private input, W private weights
 * (at most 8 bits, the table's) and C = x·W public: the honest witness passes; a wrong C or x, a weight out of its range
 * (with C recomputed to match it), a non-zero in a block's free cells, and any changed phase-0 or running-difference
 * cell are rejected.
 */
class InPlaceFreivaldsTest {
    private static final int EXAMPLES = 12;
    private static final int TABLE_BITS = 8;

    private record Case(CompiledCircuit cc, int n, int p, long[] x, long[] w, long[] c, int[] xw, int[] ww,
            int[] cw) {
        Map<String, long[]> inputs() {
            return Map.of("x", x);
        }
    }

    /** With {@code wide}, one case in three has more columns than one block takes at its width. */
    private static Case randomCase(Random r, boolean wide) {
        int width = 5 + r.nextInt(8);
        int n = 1 + r.nextInt(9);
        int p = wide && r.nextInt(3) == 0 ? width / 2 + 1 + r.nextInt(2 * width) : 1 + r.nextInt(width / 2);
        long[] w = nonZero(r, n * p);
        GadgetProgram.Builder g = GadgetProgram.builder("in-place-mm");
        int[] xw = g.input("x", new int[] {1, n}, false, Interval.signedBits(8));
        int[] ww = g.constants(w, false);
        int[] cw = g.matmul("test:1", 1, n, p, xw, ww);
        g.output("c", new int[] {1, p}, cw, true);
        long[] x = nonZero(r, n);
        CompiledCircuit cc = compile(g.build(), new LayoutOptions(width, TABLE_BITS, 0));
        return new Case(cc, n, p, x, w, product(x, w, 1, n, p), xw, ww, cw);
    }

    @Test
    void honestWitnessPassesWithTheWeightsCheckedOnTheirOwnRows() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Case t = randomCase(new Random(seed), true);
            ConstraintSystem cs = t.cc().constraintSystem();
            List<Fr> random = assertHonestForAnyChallenges(t.cc(), t.inputs(), t.c(), new Random(seed + 1));
            assertEquals(1, random.size(), "only r: no Horner chain reads s");
            LayoutStats s = t.cc().stats();
            assertEquals(1, s.phaseOneColumns());
            assertTrue(cs.gates().stream().map(Gate::name).anyMatch("freivalds_private"::equals));
            // One row per input and one output row per block, and no range rows for the weights: the only range
            // region is the input's.
            int blocks = (t.p() + s.width() / 2 - 1) / (s.width() / 2);
            assertEquals(blocks * (t.n() + 1), freivaldsRegion(cs).rowCount());
            assertEquals(List.of("input 'x'"), cs.regions().stream().filter(g -> g.name().endsWith("/range"))
                    .map(Region::origin).toList());
            assertEquals(s, new Halo2StyleBackend().dryRun(t.cc().program(), new LayoutOptions(s.width(), 8, 0)));
        });
    }

    /** A cheating prover keeps every gate honest (phase-1 values recomputed for the challenges it gets). */
    @Test
    void aWrongProductOrInputIsRejected() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            Case t = randomCase(r, true);
            assertChangedEntriesRejected(t.cc(), t.inputs(), r, new int[][] {t.cw(), t.xw()}, new String[] {"C", "x"});
        });
    }

    /** The range the weights' range-check gadget states: the signed power of two that holds them. */
    private static Interval weightRange(Case t) {
        return t.cc().program().gadgets().stream().filter(g -> g instanceof Gadget.RangeCheck c
                && c.wires()[0] == t.ww()[0]).map(g -> ((Gadget.RangeCheck) g).range()).findFirst().orElseThrow();
    }

    /**
     * Other weights in range with C to match are another private statement, and pass; a weight just outside its
     * signed range, or far outside, with C recomputed so that the product is exact, fails the row's lookup.
     */
    @Test
    void aWeightOutsideItsRangeIsRejectedEvenWithAMatchingProduct() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            Case t = randomCase(r, true);
            int k = r.nextInt(t.w().length);
            Interval range = weightRange(t);
            assertEquals(Interval.signedBits(Interval.bitsFor(range.width())), range);
            long[] inRange = {range.lo(), range.hi(), 0};
            long[] outOfRange = {range.hi() + 1, range.lo() - 1, 2 * range.hi() + 1, -1000};
            for (long[] values : new long[][] {inRange, outOfRange}) {
                for (long v : values) {
                    long[] w = t.w().clone();
                    w[k] = v;
                    long[] c = product(t.x(), w, 1, t.n(), t.p());
                    long[] wires = t.cc().program().evaluate(t.inputs());
                    wires[t.ww()[k]] = v;
                    for (int j = 0; j < t.p(); j++) {
                        wires[t.cw()[j]] = c[j];
                    }
                    if (values == inRange) {
                        assertWiresAccepted(t.cc(), wires, "weight " + v);
                    } else {
                        assertWiresRejected(t.cc(), wires, "weight " + v + " (outside " + range + ")");
                    }
                }
            }
        });
    }

    /** A block narrower than W/2 leaves even cells free; a non-zero there changes another coefficient of e's polynomial. */
    @Test
    void aNonZeroInAFreeCellIsRejected() {
        for (long seed = 1; seed <= 20; seed++) {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(6);
            int width = 8 + r.nextInt(5);
            int p = 1 + r.nextInt(width / 2 - 1);
            long[] w = nonZero(r, n * p);
            GadgetProgram.Builder g = GadgetProgram.builder("narrow");
            int[] xw = g.input("x", new int[] {1, n}, false, Interval.signedBits(8));
            g.output("c", new int[] {1, p}, g.matmul("t", 1, n, p, xw, g.constants(w, false)), true);
            CompiledCircuit cc = compile(g.build(), new LayoutOptions(width, TABLE_BITS, 0));
            ConstraintSystem cs = cc.constraintSystem();
            Map<String, long[]> in = Map.of("x", nonZero(r, n));
            List<Fr> challenges = randomChallenges(cs, r);
            Witness phase0 = cc.witness(in).witness();
            int row = freivaldsRegion(cs).firstRow() + r.nextInt(n + 1);
            Column free = cs.advice().get(2 * (p + r.nextInt(width / 2 - p)));
            Witness bad = withCell(cs, phase0, new CellRef(free, row), Fr.of(1 + r.nextInt(100)));
            Witness completed = cc.phased(new CompiledCircuit.WitnessResult(bad, Map.of(), new long[0]))
                    .complete(challenges);
            assertFalse(MockProver.check(cs, completed, challenges, 1).isEmpty(), "free cell " + free + " row " + row);
        }
    }

    @Test
    void changedCellsAreRejected() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            Case t = randomCase(r, false);
            assertCellTamperingRejected(t.cc(), t.cc().witness(t.inputs()).witness(), r, 20);
        });
    }

    /** Every cell of the running difference e on the checks' rows is pinned: a changed one breaks a gate. */
    @Test
    void changedRunningDifferencesAreRejected() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            Case t = randomCase(r, true);
            assertRunningDifferencesPinned(t.cc(), t.inputs(), r);
        });
    }

    /**
     * Where one lookup cannot decide the weights' range (wider than the table) or A has more than one row, the matmul
     * keeps its Horner chains and the weights their range rows; beside an in-place check, both hold and bind.
     */
    @Test
    void otherMatmulsKeepTheirHornerChainsBesideAnInPlaceCheck() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(6);
            int p = 1 + r.nextInt(6);
            long[] narrow = nonZero(r, n * p);
            long[] wide = nonZero(r, n * p);
            wide[r.nextInt(wide.length)] = 1000;
            long[] pair = nonZero(r, 2 * n);
            GadgetProgram.Builder g = GadgetProgram.builder("mixed");
            int[] xw = g.input("x", new int[] {1, n}, false, Interval.signedBits(8));
            int[] inPlace = g.matmul("in-place:1", 1, n, p, xw, g.constants(narrow, false));
            int[] wideWeights = g.matmul("wide:2", 1, n, p, xw, g.constants(wide, false));
            int[] twoRows = g.matmul("two-rows:3", 2, n, p, g.constants(pair, false), g.constants(narrow, false));
            g.output("a", new int[] {1, p}, inPlace, true);
            g.output("b", new int[] {1, p}, wideWeights, true);
            g.output("c", new int[] {2, p}, twoRows, true);
            CompiledCircuit cc = compile(g.build(), new LayoutOptions(6 + r.nextInt(6), TABLE_BITS, 0));
            Map<String, long[]> in = Map.of("x", nonZero(r, n));
            assertComplete(cc, in, Map.of());
            assertEquals(3, cc.stats().phaseOneColumns(), "f, g and e");
            assertChangedOutputsAndCellsRejected(cc, in, r, inPlace, wideWeights, twoRows);
        });
    }

    /** The under-constraint search finds no second witness (it confirms candidates with challenges drawn anew). */
    @Test
    void theAuditFindsNothing() {
        for (long seed = 1; seed <= 3; seed++) {
            Case t = randomCase(new Random(seed), true);
            assertAuditFindsNothing(t.cc(), t.inputs(), seed);
        }
    }

    /**
     * A 1x784 by 784x56 layer of private 8-bit weights at width 32: 4 blocks of 785 rows, no range rows, and no copy
     * of any weight (the copies are the inputs, once per block, and the outputs); the Horner layout with range rows
     * would take a row of range checks per 16 weights on top, and a copy per weight.
     */
    @Test
    void aDenseLayerNeedsNoRangeRowsAndNoWeightCopies() {
        int n = 784;
        int p = 56;
        GadgetProgram.Builder f = GadgetProgram.builder("in-place");
        int[] fx = f.input("x", new int[] {1, n}, false, Interval.signedBits(8));
        f.output("c", new int[] {1, p}, f.matmul("t", 1, n, p, fx, f.constants(nonZero(new Random(7), n * p), false)),
                true);
        LayoutOptions o = new LayoutOptions(32, TABLE_BITS, 0);
        LayoutStats s = new Halo2StyleBackend().dryRun(f.build(), o);
        assertEquals(1, s.phaseOneColumns());
        int blocks = (p + 15) / 16;
        assertTrue(s.usedRows() < blocks * (n + 1) + n / 16 + 8, s.usedRows() + " rows");
        assertTrue(s.copies() <= (long) blocks * n + 2L * p + n, s.copies() + " copies");
        assertEquals(s, new Halo2StyleBackend().layout(f.build(), o).stats());
    }
}
