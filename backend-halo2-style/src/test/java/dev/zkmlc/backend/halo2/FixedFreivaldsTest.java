package dev.zkmlc.backend.halo2;

import static dev.zkmlc.backend.halo2.CircuitHarness.assertAuditFindsNothing;
import static dev.zkmlc.backend.halo2.CircuitHarness.assertChangedEntriesRejected;
import static dev.zkmlc.backend.halo2.CircuitHarness.assertChangedOutputsAndCellsRejected;
import static dev.zkmlc.backend.halo2.CircuitHarness.assertHonestForAnyChallenges;
import static dev.zkmlc.backend.halo2.CircuitHarness.assertRunningDifferencesPinned;
import static dev.zkmlc.backend.halo2.CircuitHarness.compile;
import static dev.zkmlc.backend.halo2.CircuitHarness.nonZero;
import static dev.zkmlc.backend.halo2.CircuitHarness.product;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertCellTamperingRejected;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertComplete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.backend.LayoutStats;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Freivalds check of x·W for a W the verifying key fixes ({@link Fixed#Q_FX}): W in fixed columns, one input per
 * row, over random shapes (some wider than {@link Layouter#MATRIX_COLUMNS}, so split into blocks), widths and values,
 * with x a private input and C = x·W public. The honest witness passes; a wrong C, a changed x, or any changed
 * phase-0 or running-difference cell is rejected; the layout copies each input once, where dot products copy it once
 * per output.
 */
class FixedFreivaldsTest {
    private static final int EXAMPLES = 12;

    private record Case(CompiledCircuit cc, int m, int n, int p, long[] x, long[] c, int[] xw, int[] cw) {
        Map<String, long[]> inputs() {
            return Map.of("x", x);
        }
    }

    /** With {@code wide}, one case in four has more columns than a check takes (so several blocks). */
    private static Case randomCase(Random r, boolean wide) {
        int m = 1 + r.nextInt(3);
        int n = 1 + r.nextInt(9);
        int p = wide && r.nextInt(4) == 0 ? Layouter.MATRIX_COLUMNS + 1 + r.nextInt(8) : 1 + r.nextInt(12);
        long[] w = nonZero(r, n * p);
        GadgetProgram.Builder g = GadgetProgram.builder("fixed-mm");
        int[] xw = g.input("x", new int[] {m, n}, false, Interval.signedBits(8));
        int[] ww = g.constants(w, true);
        int[] cw = g.matmul("test:1", m, n, p, xw, ww);
        g.output("c", new int[] {m, p}, cw, true);
        long[] x = nonZero(r, m * n);
        CompiledCircuit cc = compile(g.build(), new LayoutOptions(5 + r.nextInt(8), 8, 0));
        return new Case(cc, m, n, p, x, product(x, w, m, n, p), xw, cw);
    }

    @Test
    void honestWitnessPassesWithTheExactProduct() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Case t = randomCase(new Random(seed), true);
            ConstraintSystem cs = t.cc().constraintSystem();
            assertEquals(2, cs.phases());
            assertHonestForAnyChallenges(t.cc(), t.inputs(), t.c(), new Random(seed + 1));
            // The weights are fixed columns, never cells; the only phase-1 column is e.
            int blocks = (t.p() + Layouter.MATRIX_COLUMNS - 1) / Layouter.MATRIX_COLUMNS;
            LayoutStats s = t.cc().stats();
            assertEquals(1, s.phaseOneColumns());
            assertEquals(List.of("freivalds_e"), cs.advice().stream().filter(c -> c.name().startsWith("freivalds"))
                    .map(Column::name).toList());
            assertTrue(s.usedRows() >= t.m() * (blocks * t.n() + t.p()), s.toString());
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

    @Test
    void changedCellsAreRejected() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            Case t = randomCase(r, false);
            var res = t.cc().witness(t.inputs());
            assertCellTamperingRejected(t.cc(), res.witness(), r, 20);
        });
    }

    /** Every cell of the running difference e on the checks' rows is pinned: a changed one breaks a gate. */
    @Test
    void changedRunningDifferencesAreRejected() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            Case t = randomCase(r, false);
            assertRunningDifferencesPinned(t.cc(), t.inputs(), r);
        });
    }

    /** Beside a check of witnessed operands (which brings the f and g columns), both checks still hold and bind. */
    @Test
    void aFixedAndAWitnessedCheckShareTheChallenges() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(6);
            int p = 1 + r.nextInt(6);
            GadgetProgram.Builder g = GadgetProgram.builder("mixed");
            int[] xw = g.input("x", new int[] {1, n}, false, Interval.signedBits(8));
            int[] yw = g.input("y", new int[] {n, p}, false, Interval.signedBits(8));
            int[] zw = g.input("z", new int[] {2, n}, false, Interval.signedBits(8));
            int[] fixed = g.matmul("fixed:1", 1, n, p, xw, g.constants(nonZero(r, n * p), true));
            // Two rows of A: a one-row product would check y in place, without the Horner chains.
            int[] witnessed = g.matmul("witnessed:2", 2, n, p, zw, yw);
            g.output("f", new int[] {1, p}, fixed, true);
            g.output("w", new int[] {2, p}, witnessed, true);
            CompiledCircuit cc = compile(g.build(), new LayoutOptions(5 + r.nextInt(8), 8, 0));
            Map<String, long[]> in = Map.of("x", nonZero(r, n), "y", nonZero(r, n * p), "z", nonZero(r, 2 * n));
            assertComplete(cc, in, Map.of());
            assertEquals(3, cc.stats().phaseOneColumns());
            assertChangedOutputsAndCellsRejected(cc, in, r, fixed, witnessed);
        });
    }

    /** The under-constraint search finds no second witness (it confirms candidates with challenges drawn anew). */
    @Test
    void theAuditFindsNothing() {
        for (long seed = 1; seed <= 3; seed++) {
            Case t = randomCase(new Random(seed), false);
            assertAuditFindsNothing(t.cc(), t.inputs(), seed);
        }
    }

    /** A 1x784 by 784x56 layer: one row and one copy per input, where fixed-weight dot products copy each input 56 times. */
    @Test
    void aDenseLayerCopiesEachInputOnce() {
        int n = 784;
        int p = 56;
        long[] w = nonZero(new Random(7), n * p);
        GadgetProgram.Builder f = GadgetProgram.builder("freivalds");
        int[] fx = f.input("x", new int[] {1, n}, false, Interval.signedBits(8));
        f.output("c", new int[] {1, p}, f.matmul("t", 1, n, p, fx, f.constants(w, true)), true);
        GadgetProgram.Builder d = GadgetProgram.builder("dots");
        int[] dx = d.input("x", new int[] {1, n}, false, Interval.signedBits(8));
        int[] dw = d.constants(w, true);
        int[][] xs = new int[p][n];
        int[][] ws = new int[p][n];
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < n; k++) {
                xs[j][k] = dx[k];
                ws[j][k] = dw[k * p + j];
            }
        }
        d.output("c", new int[] {1, p}, d.dot("t", xs, ws, d.constants(new long[p], true)), true);
        LayoutOptions o = new LayoutOptions(16, 8, 0);
        LayoutStats fs = new Halo2StyleBackend().dryRun(f.build(), o);
        LayoutStats ds = new Halo2StyleBackend().dryRun(d.build(), o);
        assertEquals(1, fs.phaseOneColumns());
        assertTrue(fs.copies() < 2 * n, fs.copies() + " copies");
        assertTrue(ds.copies() > (long) n * p, ds.copies() + " copies");
        assertTrue(fs.fixedColumns() >= p, fs.fixedColumns() + " fixed columns");
        assertEquals(fs, new Halo2StyleBackend().layout(f.build(), o).stats());
    }
}
