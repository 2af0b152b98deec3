package dev.zkmlc.backend.halo2;

import static dev.zkmlc.backend.halo2.CircuitHarness.assertAuditFindsNothing;
import static dev.zkmlc.backend.halo2.CircuitHarness.assertChangedEntriesRejected;
import static dev.zkmlc.backend.halo2.CircuitHarness.assertHonestForAnyChallenges;
import static dev.zkmlc.backend.halo2.CircuitHarness.compile;
import static dev.zkmlc.backend.halo2.CircuitHarness.nonZero;
import static dev.zkmlc.backend.halo2.CircuitHarness.product;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertCellTamperingRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.circuit.audit.Auditor;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.backend.LayoutStats;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Freivalds matmul check, over random shapes, widths and values: C = A·B with A and B private inputs and C
 * public. The honest witness passes; a wrong C, or an A or B that does not give C, is rejected, for the
 * challenges drawn from the witness and for random ones; the layout is far smaller than dot products.
 */
class FreivaldsTest {
    private static final int EXAMPLES = 12;

    private record Case(CompiledCircuit cc, int m, int n, int p, long[] a, long[] b, long[] c, int[] aw, int[] bw,
            int[] cw) {
        Map<String, long[]> inputs() {
            return Map.of("a", a, "b", b);
        }
    }

    private static Case randomCase(Random r) {
        int m = 1 + r.nextInt(7);
        int n = 1 + r.nextInt(7);
        int p = 1 + r.nextInt(7);
        GadgetProgram.Builder g = GadgetProgram.builder("mm");
        int[] aw = g.input("a", new int[] {m, n}, false, Interval.signedBits(8));
        int[] bw = g.input("b", new int[] {n, p}, false, Interval.signedBits(8));
        int[] cw = g.matmul("test:1", m, n, p, aw, bw);
        g.output("c", new int[] {m, p}, cw, true);
        long[] a = nonZero(r, m * n);
        long[] b = nonZero(r, n * p);
        CompiledCircuit cc = compile(g.build(), new LayoutOptions(5 + r.nextInt(8), 8, 0));
        return new Case(cc, m, n, p, a, b, product(a, b, m, n, p), aw, bw, cw);
    }

    @Test
    void honestWitnessPassesWithTheExactProduct() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Case t = randomCase(new Random(seed));
            ConstraintSystem cs = t.cc().constraintSystem();
            assertEquals(2, cs.phases());
            // With one row of A, B (range-checked inputs) is checked in place: no Horner chain, so no s.
            assertEquals(t.m() == 1 ? List.of("freivalds_r") : List.of("freivalds_r", "freivalds_s"), cs.challenges());
            // Any challenges: the two-step witness completed for them passes for them.
            assertHonestForAnyChallenges(t.cc(), t.inputs(), t.c(), new Random(seed + 1));
        });
    }

    /** A cheating prover keeps every gate honest (phase-1 values recomputed for the challenges it gets). */
    @Test
    void aWrongProductIsRejected() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            Case t = randomCase(r);
            assertChangedEntriesRejected(t.cc(), t.inputs(), r, new int[][] {t.cw(), t.aw(), t.bw()},
                    new String[] {"C", "A", "B"});
        });
    }

    @Test
    void changedCellsAreRejected() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            Case t = randomCase(r);
            var res = t.cc().witness(t.inputs());
            assertCellTamperingRejected(t.cc(), res.witness(), r, 20);
        });
    }

    /** The under-constraint search finds no second witness (it confirms candidates with challenges drawn anew). */
    @Test
    void theAuditFindsNothing() {
        for (long seed = 1; seed <= 3; seed++) {
            Case t = randomCase(new Random(seed));
            Auditor.Report report = assertAuditFindsNothing(t.cc(), t.inputs(), seed);
            assertTrue(report.witnessesTried() > 20, report.witnessesTried() + " tried");
        }
    }

    /** O(mn + np + mp) rows, where dot products need about 2·mnp/(W - 2). */
    @Test
    void freivaldsTakesFewerRowsThanDotProducts() {
        int m = 32;
        int n = 16;
        int p = 32;
        GadgetProgram.Builder f = GadgetProgram.builder("freivalds");
        GadgetProgram.Builder d = GadgetProgram.builder("dots");
        int[] fa = f.input("a", new int[] {m, n}, false, Interval.signedBits(8));
        int[] fb = f.input("b", new int[] {n, p}, false, Interval.signedBits(8));
        f.output("c", new int[] {m, p}, f.matmul("t", m, n, p, fa, fb), true);
        int[] da = d.input("a", new int[] {m, n}, false, Interval.signedBits(8));
        int[] db = d.input("b", new int[] {n, p}, false, Interval.signedBits(8));
        int[][] xs = new int[m * p][n];
        int[][] ws = new int[m * p][n];
        int[] zero = d.constants(new long[m * p], true);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < p; j++) {
                for (int k = 0; k < n; k++) {
                    xs[i * p + j][k] = da[i * n + k];
                    ws[i * p + j][k] = db[k * p + j];
                }
            }
        }
        d.output("c", new int[] {m, p}, d.dot("t", xs, ws, zero), true);
        LayoutOptions o = new LayoutOptions(16, 8, 0);
        LayoutStats fs = new Halo2StyleBackend().dryRun(f.build(), o);
        LayoutStats ds = new Halo2StyleBackend().dryRun(d.build(), o);
        assertEquals(3, fs.phaseOneColumns());
        assertEquals(0, ds.phaseOneColumns());
        assertTrue(4 * fs.usedRows() < ds.usedRows(), fs.usedRows() + " vs " + ds.usedRows());
        assertEquals(fs, new Halo2StyleBackend().layout(f.build(), o).stats());
    }
}
