package dev.zkmlc.backend.halo2;

import static dev.zkmlc.backend.halo2.CircuitHarness.column;
import static dev.zkmlc.backend.halo2.CircuitHarness.compile;
import static dev.zkmlc.backend.halo2.CircuitHarness.fixed;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertComplete;
import static dev.zkmlc.circuit.mock.CircuitChecks.completedFor;
import static dev.zkmlc.circuit.mock.CircuitChecks.randomChallenges;
import static dev.zkmlc.circuit.mock.CircuitChecks.withCell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.mock.Failure;
import dev.zkmlc.circuit.mock.MockProver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the fixed-weight Freivalds check ({@link Fixed#Q_FX}) that keep every gate of the check satisfied for
 * the challenges drawn, so that only what binds the check to the rest of the circuit can object: a bias folded in as
 * one more matrix row against a constant 1 whose cell claims 2 (with outputs to match); errors that cancel between
 * two checks, or between two blocks of one row, whose columns enter with the same powers of r; two outputs swapped.
 * Each is tried with the challenges drawn from the phase-0 values and with random ones.
 */
class FixedFreivaldsAdversarialTest {
    private static final int EXAMPLES = 8;

    /** Every entry in [-100, 99] but never 0 (a 0 drawn becomes 7). */
    private static long[] nonZero(Random r, int n) {
        return CircuitHarness.nonZero(r, n, -100, 200, 7);
    }

    /** Failures of the wires' witness, its phase-1 values for the drawn challenges and then for random ones. */
    private static List<List<Failure>> failures(CompiledCircuit cc, long[] wires, Random r) {
        ConstraintSystem cs = cc.constraintSystem();
        List<List<Failure>> out = new ArrayList<>();
        out.add(MockProver.check(cs, cc.fillWitness(wires), 20));
        List<Fr> random = randomChallenges(cs, r);
        out.add(MockProver.check(cs, completedFor(cc, wires, random), random, 20));
        return out;
    }

    private static void assertRejected(CompiledCircuit cc, long[] wires, Random r, String what) {
        for (List<Failure> f : failures(cc, wires, r)) {
            assertFalse(f.isEmpty(), what + " was accepted");
        }
    }

    /**
     * x·W + bias as one check of n + 1 matrix rows, the last input the constant 1 (as Lowering folds a fixed bias).
     * A prover claiming 2 for that input and x·W + 2·bias for the output satisfies every gate of the check; the
     * copy of the constant's cell to the fixed constant column is what refuses it.
     */
    @Test
    void theBiasInputIsTheFixedOneNotAFreeCell() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(8);
            int p = 1 + r.nextInt(10);
            long[] w = nonZero(r, n * p);
            long[] bias = nonZero(r, p);
            GadgetProgram.Builder g = GadgetProgram.builder("bias-row");
            int[] x = g.input("x", new int[] {1, n}, false, Interval.signedBits(8));
            int one = g.fixedConstant(1);
            int[] xs = new int[n + 1];
            System.arraycopy(x, 0, xs, 0, n);
            xs[n] = one;
            long[] wb = new long[(n + 1) * p];
            System.arraycopy(w, 0, wb, 0, n * p);
            System.arraycopy(bias, 0, wb, n * p, p);
            int[] c = g.matmul("test:1", 1, n + 1, p, xs, g.constants(wb, true));
            g.output("c", new int[] {1, p}, c, true);
            CompiledCircuit cc = compile(g.build(), new LayoutOptions(5 + r.nextInt(6), 8, 0));
            Map<String, long[]> in = Map.of("x", nonZero(r, n));
            assertComplete(cc, in, Map.of());
            long[] wires = cc.program().evaluate(in);
            wires[one] = 2;
            for (int j = 0; j < p; j++) {
                wires[c[j]] += bias[j];
            }
            for (List<Failure> f : failures(cc, wires, r)) {
                assertFalse(f.isEmpty(), "the constant 1 replaced by 2 was accepted");
                assertTrue(f.stream().noneMatch(x1 -> x1.kind().equals(Failure.GATE)), f.toString());
                assertTrue(f.stream().anyMatch(x1 -> x1.kind().equals(Failure.COPY)), f.toString());
            }
        });
    }

    /**
     * Column j of every block of a row enters with r^j, and so does column j of every row's check: an error in one
     * check cancelled by the opposite error in another would pass if e carried over from one check to the next.
     */
    @Test
    void errorsThatCancelBetweenChecksOrBlocksAreRejected() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(5);
            int p = Layouter.MATRIX_COLUMNS + 1 + r.nextInt(6);
            int m = 2;
            GadgetProgram.Builder g = GadgetProgram.builder("blocks");
            int[] x = g.input("x", new int[] {m, n}, false, Interval.signedBits(8));
            int[] c = g.matmul("test:1", m, n, p, x, g.constants(nonZero(r, n * p), true));
            g.output("c", new int[] {m, p}, c, true);
            CompiledCircuit cc = compile(g.build(), new LayoutOptions(5 + r.nextInt(6), 8, 0));
            Map<String, long[]> in = Map.of("x", nonZero(r, m * n));
            assertComplete(cc, in, Map.of());
            long[] honest = cc.program().evaluate(in);
            int j = r.nextInt(p - Layouter.MATRIX_COLUMNS);
            long d = 1 + r.nextInt(50);
            long[] blocks = honest.clone();
            blocks[c[j]] += d;
            blocks[c[Layouter.MATRIX_COLUMNS + j]] -= d;
            assertRejected(cc, blocks, r, "errors cancelling between the blocks of a row");
            long[] rows = honest.clone();
            rows[c[j]] += d;
            rows[c[p + j]] -= d;
            assertRejected(cc, rows, r, "errors cancelling between the checks of two rows");
            int k = (j + 1 + r.nextInt(p - 1)) % p;
            if (honest[c[j]] != honest[c[k]]) {
                long[] swapped = honest.clone();
                swapped[c[j]] = honest[c[k]];
                swapped[c[k]] = honest[c[j]];
                assertRejected(cc, swapped, r, "two outputs swapped");
            }
        });
    }

    /** e on the first row of every check is a0·Σ_j r^j M_j, never carried: changing it there breaks a gate. */
    @Test
    void theRunningDifferenceIsPinnedOnEveryChecksFirstRow() {
        Random r = new Random(5);
        int n = 3;
        int p = Layouter.MATRIX_COLUMNS + 3;
        GadgetProgram.Builder g = GadgetProgram.builder("first-rows");
        int[] x = g.input("x", new int[] {2, n}, false, Interval.signedBits(8));
        g.output("c", new int[] {2, p}, g.matmul("test:1", 2, n, p, x, g.constants(nonZero(r, n * p), true)), true);
        CompiledCircuit cc = compile(g.build(), new LayoutOptions(6, 8, 0));
        ConstraintSystem cs = cc.constraintSystem();
        List<Fr> challenges = randomChallenges(cs, r);
        Witness honest = cc.phased(cc.witness(Map.of("x", nonZero(r, 2 * n)))).complete(challenges);
        assertEquals(List.of(), MockProver.check(cs, honest, challenges, 1));
        Column q = fixed(cs, "q_fx");
        Column carry = fixed(cs, "f_ce");
        Column e = column(cs, "freivalds_e");
        int firstRows = 0;
        for (int row = 0; row < cs.usableRows(); row++) {
            if (cs.fixedValue(q, row).isOne() && cs.fixedValue(carry, row).isZero()) {
                firstRows++;
                Witness bad = withCell(cs, honest, new CellRef(e, row), honest.get(e, row).add(Fr.ONE));
                assertFalse(MockProver.check(cs, bad, challenges, 1).isEmpty(), "e changed on first row " + row);
            }
        }
        assertEquals(4, firstRows, "two rows of A, two blocks each");
    }
}
