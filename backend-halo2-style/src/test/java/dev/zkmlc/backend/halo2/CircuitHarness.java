package dev.zkmlc.backend.halo2;

import static dev.zkmlc.circuit.mock.CircuitChecks.assertCellTamperingRejected;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertComplete;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertWiresRejected;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertWiresRejectedForRandomChallenges;
import static dev.zkmlc.circuit.mock.CircuitChecks.randomChallenges;
import static dev.zkmlc.circuit.mock.CircuitChecks.withCell;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.audit.Auditor;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Region;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.mock.MockProver;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How this backend's gadget tests lay a program out, and the pieces its Freivalds tests share; the checks themselves
 * are circuit's {@code CircuitChecks}.
 */
final class CircuitHarness {
    private CircuitHarness() {}

    static CompiledCircuit compile(GadgetProgram p, LayoutOptions options) {
        return new Halo2StyleBackend().layout(p, options);
    }

    /**
     * Random entries in [-127, 127] but never 0 (a 0 drawn becomes 1): a zero would make some entry of the other
     * operand irrelevant to C.
     */
    static long[] nonZero(Random r, int n) {
        return nonZero(r, n, -127, 255, 1);
    }

    /** {@code n} entries {@code lo + r.nextInt(count)}, each 0 drawn replaced by {@code instead}. */
    static long[] nonZero(Random r, int n, int lo, int count, long instead) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(count) + lo;
            v[i] = v[i] == 0 ? instead : v[i];
        }
        return v;
    }

    /** A·B for A m×n and B n×p, both row-major. */
    static long[] product(long[] a, long[] b, int m, int n, int p) {
        long[] c = new long[m * p];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < p; j++) {
                for (int k = 0; k < n; k++) {
                    c[i * p + j] += a[i * n + k] * b[k * p + j];
                }
            }
        }
        return c;
    }

    /**
     * The honest witness is complete with public output {@code c}; its phase-1 values completed for challenges drawn
     * from {@code r} pass for them. Returns those challenges.
     */
    static List<Fr> assertHonestForAnyChallenges(CompiledCircuit cc, Map<String, long[]> inputs, long[] c, Random r) {
        ConstraintSystem cs = cc.constraintSystem();
        var res = assertComplete(cc, inputs, Map.of("c", c));
        assertArrayEquals(c, res.instance());
        List<Fr> random = randomChallenges(cs, r);
        Witness w = cc.phased(res).complete(random);
        assertEquals(List.of(), MockProver.check(cs, w, random, 5));
        return random;
    }

    /** The advice column of that name. */
    static Column column(ConstraintSystem cs, String name) {
        return cs.advice().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** The fixed column of that name. */
    static Column fixed(ConstraintSystem cs, String name) {
        return cs.fixed().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** The first region of the Freivalds checks. */
    static Region freivaldsRegion(ConstraintSystem cs) {
        return cs.regions().stream().filter(g -> g.name().equals("freivalds")).findFirst().orElseThrow();
    }

    /**
     * For each kind of wire, one entry of that kind (drawn from {@code r}) moved by 1 to 50 in the honest wires is
     * rejected, for the challenges drawn from the witness and for three random draws.
     */
    static void assertChangedEntriesRejected(CompiledCircuit cc, Map<String, long[]> inputs, Random r, int[][] targets,
            String[] names) {
        long[] honest = cc.program().evaluate(inputs);
        for (int which = 0; which < targets.length; which++) {
            long[] wires = honest.clone();
            int wire = targets[which][r.nextInt(targets[which].length)];
            wires[wire] += 1 + r.nextInt(50);
            assertWiresRejected(cc, wires, "a changed " + names[which] + " entry");
            assertWiresRejectedForRandomChallenges(cc, wires, r, 3, "a changed " + names[which] + " entry");
        }
    }

    /**
     * One entry of each output (drawn from {@code r}) moved by 1 to 9 is rejected, and so are changed cells of the
     * honest witness.
     */
    static void assertChangedOutputsAndCellsRejected(CompiledCircuit cc, Map<String, long[]> inputs, Random r,
            int[]... outputs) {
        long[] honest = cc.program().evaluate(inputs);
        for (int[] outs : outputs) {
            long[] wires = honest.clone();
            wires[outs[r.nextInt(outs.length)]] += 1 + r.nextInt(9);
            assertWiresRejected(cc, wires, "a changed output");
        }
        assertCellTamperingRejected(cc, cc.witness(inputs).witness(), r, 20);
    }

    /**
     * The honest witness, completed for challenges drawn from {@code r}, passes; then each of 6 cells of the running
     * difference e on rows of the first Freivalds region, changed by 1 to 9, breaks a gate.
     */
    static void assertRunningDifferencesPinned(CompiledCircuit cc, Map<String, long[]> inputs, Random r) {
        ConstraintSystem cs = cc.constraintSystem();
        List<Fr> challenges = randomChallenges(cs, r);
        Witness honest = cc.phased(cc.witness(inputs)).complete(challenges);
        assertEquals(List.of(), MockProver.check(cs, honest, challenges, 1));
        Column e = column(cs, "freivalds_e");
        Region check = freivaldsRegion(cs);
        for (int k = 0; k < 6; k++) {
            int row = check.firstRow() + r.nextInt(check.rowCount());
            Witness bad = withCell(cs, honest, new CellRef(e, row), honest.get(e, row).add(Fr.of(1 + r.nextInt(9))));
            assertFalse(MockProver.check(cs, bad, challenges, 1).isEmpty(), "e changed on row " + row);
        }
    }

    /** The under-constraint search, with 40 tries of each kind and that seed, finds no second witness. */
    static Auditor.Report assertAuditFindsNothing(CompiledCircuit cc, Map<String, long[]> inputs, long seed) {
        Auditor.Report report = Auditor.audit(cc, inputs, new Auditor.Options(40, 40, 40, seed));
        assertTrue(report.clean(), report.findings().toString());
        return report;
    }
}
