package dev.zkmlc.backend.halo2;

import static dev.zkmlc.backend.halo2.CircuitHarness.column;
import static dev.zkmlc.backend.halo2.CircuitHarness.compile;
import static dev.zkmlc.backend.halo2.CircuitHarness.fixed;
import static dev.zkmlc.backend.halo2.CircuitHarness.nonZero;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertComplete;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertWiresAccepted;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertWiresRejected;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertWiresRejectedForRandomChallenges;
import static dev.zkmlc.circuit.mock.CircuitChecks.completedFor;
import static dev.zkmlc.circuit.mock.CircuitChecks.randomChallenges;
import static dev.zkmlc.circuit.mock.CircuitChecks.withCells;
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
import dev.zkmlc.circuit.gadget.Gadget;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.gadget.RangeBase;
import dev.zkmlc.circuit.gadget.RangeLayout;
import dev.zkmlc.circuit.mock.MockProver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the in-place check of x·W ({@link Fixed#Q_FW}), where the weights' range checks are skipped because the
 * check's own lookups make them: whatever else a weight takes part in (a second range check of another range or
 * base, a matmul that does not qualify, A of the same matmul, B twice, an input of the same range beside it in B,
 * public or hashed visibility), a value outside any of its ranges is refused with every product recomputed to match;
 * every input row's lookups are on and the output row's off; a running difference carried into a check, and errors
 * that cancel between columns, blocks or checks, are refused; a range without 0 keeps the honest prover complete;
 * and the row floor of the plan search stays under the dry run.
 */
class InPlaceFreivaldsAdversarialTest {
    private static final int EXAMPLES = 10;
    private static final int TABLE_BITS = 8;
    /** The weights' range: one lookup at 8 table bits (some weight is 127, see {@link #weights}). */
    private static final Interval BYTE = Interval.signedBits(8);

    /** Private weights with one of magnitude 127, so that their range check is to {@link #BYTE}. */
    private static int[] weights(GadgetProgram.Builder g, Random r, int n) {
        long[] v = nonZero(r, n);
        v[r.nextInt(n)] = 127;
        return g.constants(v, false);
    }

    /** Every matmul's C recomputed, in program order, from the other wires: the products a cheating prover keeps. */
    private static long[] withProducts(GadgetProgram program, long[] wires) {
        long[] v = wires.clone();
        for (Gadget g : program.gadgets()) {
            if (g instanceof Gadget.MatMul mm) {
                for (int i = 0; i < mm.m(); i++) {
                    for (int j = 0; j < mm.p(); j++) {
                        long s = 0;
                        for (int t = 0; t < mm.n(); t++) {
                            s += v[mm.a()[i * mm.n() + t]] * v[mm.b()[t * mm.p() + j]];
                        }
                        v[mm.out()[i * mm.p() + j]] = s;
                    }
                }
            }
        }
        return v;
    }

    private record Case(CompiledCircuit cc, Map<String, long[]> inputs) {}

    /**
     * x·B with B of n×p weights (p up to two blocks and a bit at the width), where some entries of B are another
     * weight (B holds a wire twice), an input of the same range or a fixed constant checked to it, and x may hold a
     * weight of B. Beside it, at random:
     * range checks of some weights to another range (one lookup, two-sided, or the same range in the bit base), a
     * two-row matmul by the same B (which does not qualify) before or after it, a matmul by weights too wide for one
     * lookup; the weights private, public or hashed.
     */
    private static Case randomCase(Random r) {
        int n = 1 + r.nextInt(5);
        int width = 5 + r.nextInt(10);
        int p = 1 + r.nextInt(2 * (width / 2) + 1);
        GadgetProgram.Builder g = GadgetProgram.builder("adversarial");
        g.rangeLayout(r.nextBoolean() ? RangeLayout.PACKED : RangeLayout.ROWS);
        int[] x = g.input("x", new int[] {1, n}, false, BYTE);
        int[] y = g.input("y", new int[] {n * p}, false, BYTE);
        int[] w = weights(g, r, n * p);
        long[] wv = new long[w.length];
        for (int k = 0; k < w.length; k++) {
            wv[k] = g.constantValue(w[k]);
        }
        int[] b = new int[n * p];
        for (int k = 0; k < b.length; k++) {
            int u = r.nextInt(7);
            b[k] = u == 0 ? w[r.nextInt(w.length)] : u == 1 ? y[k] : u == 2 ? g.fixedConstant(wv[k]) : w[k];
            if (u == 2) {
                g.rangeCheck("fixed", new int[] {b[k]}, BYTE);
            }
        }
        int[] a = x.clone();
        if (r.nextBoolean()) {
            a[r.nextInt(n)] = w[r.nextInt(w.length)];
        }
        for (int c = r.nextInt(4); c > 0; c--) {
            int k = r.nextInt(w.length);
            int kind = r.nextInt(4);
            if (kind == 0 && wv[k] >= 0) {
                g.rangeCheck("unsigned", new int[] {w[k]}, new Interval(0, 255));
            } else if (kind == 1 && Interval.signedBits(7).contains(wv[k])) {
                g.rangeCheck("seven bits", new int[] {w[k]}, Interval.signedBits(7));
            } else if (kind == 2) {
                g.rangeCheck("two-sided", new int[] {w[k]}, new Interval(-127, 127));
            } else {
                g.rangeBase(RangeBase.BITS);
                g.rangeCheck("bit base", new int[] {w[k]}, BYTE);
                g.rangeBase(RangeBase.TABLE);
            }
        }
        boolean twoRowsFirst = r.nextBoolean();
        boolean twoRows = r.nextBoolean();
        if (twoRows && twoRowsFirst) {
            g.output("d", new int[] {2, p}, g.matmul("two-rows:1", 2, n, p, weights(g, r, 2 * n), b), true);
        }
        g.output("c", new int[] {1, p}, g.matmul("in-place:2", 1, n, p, a, b), true);
        if (twoRows && !twoRowsFirst) {
            g.output("d", new int[] {2, p}, g.matmul("two-rows:3", 2, n, p, weights(g, r, 2 * n), b), true);
        }
        if (r.nextBoolean()) {
            long[] wide = nonZero(r, n);
            wide[0] = 1000;
            g.output("e", new int[] {1, 1}, g.matmul("wide:4", 1, n, 1, x, g.constants(wide, false)), true);
        }
        int visibility = r.nextInt(3);
        if (visibility == 1) {
            g.output("#parameters", new int[] {w.length}, w, true);
        } else if (visibility == 2) {
            g.hashed("#parameters", new int[] {w.length}, w);
        }
        CompiledCircuit cc = compile(g.build(), new LayoutOptions(width, TABLE_BITS, 0));
        return new Case(cc, Map.of("x", nonZero(r, n), "y", nonZero(r, n * p)));
    }

    /** The distinct ranges of the wire's range checks. */
    private static List<Interval> rangesOf(GadgetProgram program, int wire) {
        Set<Interval> out = new LinkedHashSet<>();
        for (Gadget g : program.gadgets()) {
            if (g instanceof Gadget.RangeCheck c) {
                for (int x : c.wires()) {
                    if (x == wire) {
                        out.add(c.range());
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * A cheating prover sets one wire outside one of its ranges but inside all its others, and recomputes every
     * product (gates and Freivalds checks then hold, for the drawn challenges and for random ones): only that range
     * check can object, wherever the wire sits. A value inside all its ranges is another statement, and passes.
     */
    @Test
    void everyWireStaysCheckedToEachOfItsRanges() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            Case t = randomCase(r);
            GadgetProgram program = t.cc().program();
            assertComplete(t.cc(), t.inputs(), Map.of());
            assertTrue(t.cc().constraintSystem().gates().stream().anyMatch(x -> x.name().equals("freivalds_private")));
            long[] honest = program.evaluate(t.inputs());
            // Every wire with a second range check, and a few others of the matmuls; not the fixed constants, whose
            // values the verifying key holds.
            List<Integer> operands = new ArrayList<>();
            for (Gadget g : program.gadgets()) {
                if (g instanceof Gadget.MatMul mm) {
                    Arrays.stream(mm.b()).filter(x -> !program.isFixedConstant(x)).forEach(operands::add);
                    Arrays.stream(mm.a()).forEach(operands::add);
                }
            }
            Collections.shuffle(operands, r);
            Set<Integer> targets = new LinkedHashSet<>();
            operands.stream().filter(x -> rangesOf(program, x).size() > 1).forEach(targets::add);
            operands.stream().distinct().limit(6).forEach(targets::add);
            for (int wire : targets) {
                List<Interval> ranges = rangesOf(program, wire);
                long lo = ranges.stream().mapToLong(Interval::lo).max().orElseThrow();
                long hi = ranges.stream().mapToLong(Interval::hi).min().orElseThrow();
                long[] inRange = honest.clone();
                inRange[wire] = honest[wire] == lo ? hi : lo;
                assertWiresAccepted(t.cc(), withProducts(program, inRange), "wire " + wire + " = " + inRange[wire]);
                for (Interval range : ranges) {
                    for (long v : new long[] {range.hi() + 1, range.lo() - 1, range.hi() + 256, range.lo() - 1000}) {
                        if (range.contains(v) || !ranges.stream().allMatch(o -> o.equals(range) || o.contains(v))) {
                            continue;
                        }
                        long[] bad = honest.clone();
                        bad[wire] = v;
                        long[] wires = withProducts(program, bad);
                        String what = "wire " + wire + " = " + v + " outside " + range + " (its ranges " + ranges + ")";
                        assertWiresRejected(t.cc(), wires, what);
                        assertWiresRejectedForRandomChallenges(t.cc(), wires, r, 1, what);
                    }
                }
            }
        });
    }

    private static boolean on(ConstraintSystem cs, Column c, int row) {
        return cs.fixedValue(c, row).isOne();
    }

    /**
     * Every input row's W/2 lookups range-check its even cells to the weights' range (tag bits + 1, s = 1, b = lo, and
     * e = 0 so the odd cells are not read); the output row's are off (tag 0), its claimed C being no weight. The rows
     * sit before the blinding rows, e is carried from a check's second row on and must end at 0 on its output row.
     */
    @Test
    void everyInputRowLooksItsWeightsUpAndEveryCheckStartsAfresh() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Case t = randomCase(new Random(seed));
            ConstraintSystem cs = t.cc().constraintSystem();
            Column qw = fixed(cs, "q_fw");
            Column qwo = fixed(cs, "q_fwo");
            Column ce = fixed(cs, "f_ce");
            Column end = fixed(cs, "q_ffin");
            Column tag = fixed(cs, "l_tag");
            Column s = fixed(cs, "l_s");
            Column b = fixed(cs, "l_b");
            Column e = fixed(cs, "l_e");
            int inputRows = 0;
            int checks = 0;
            boolean inCheck = false;
            for (int row = 0; row < cs.rows(); row++) {
                boolean input = on(cs, qw, row);
                boolean output = on(cs, qwo, row);
                if (!input && !output) {
                    assertFalse(inCheck, "a check without its output row before row " + row);
                    continue;
                }
                assertTrue(row < cs.usableRows(), "row " + row + " is a blinding row");
                if (input) {
                    inputRows++;
                    assertEquals(Fr.of(Interval.bitsFor(BYTE.width()) + 1), cs.fixedValue(tag, row), "tag, row " + row);
                    assertEquals(Fr.ONE, cs.fixedValue(s, row), "s, row " + row);
                    assertEquals(Fr.of(BYTE.lo()), cs.fixedValue(b, row), "b, row " + row);
                } else {
                    assertTrue(inCheck, "an output row without input rows at " + row);
                    assertEquals(Fr.ZERO, cs.fixedValue(tag, row), "tag, output row " + row);
                    checks++;
                }
                assertEquals(Fr.ZERO, cs.fixedValue(e, row), "e, row " + row);
                assertEquals(inCheck, on(cs, ce, row), "carry on row " + row);
                assertEquals(output, on(cs, end, row), "end on row " + row);
                inCheck = input;
            }
            GadgetProgram program = t.cc().program();
            Gadget.MatMul mm = program.gadgets().stream().filter(g -> g instanceof Gadget.MatMul m && m.m() == 1
                    && m.origin().startsWith("in-place")).map(g -> (Gadget.MatMul) g).findFirst().orElseThrow();
            int per = t.cc().stats().width() / 2;
            int blocks = (mm.p() + per - 1) / per;
            assertEquals(blocks, checks);
            assertEquals(blocks * mm.n(), inputRows);
        });
    }

    /** x·W (two blocks or more) after a product whose rows leave e free, and x·W2 (one narrow block) after it. */
    private static Case twoChecks(Random r, int width, int p1, int p2) {
        int n = 1 + r.nextInt(4);
        GadgetProgram.Builder g = GadgetProgram.builder("checks");
        int[] x = g.input("x", new int[] {1, n}, false, BYTE);
        g.output("sq", new int[] {1, n}, g.mul("sq:1", x, x), true);
        int[] w1 = weights(g, r, n * p1);
        int[] w2 = weights(g, r, n * p2);
        g.output("c1", new int[] {1, p1}, g.matmul("first:2", 1, n, p1, x, w1), true);
        g.output("c2", new int[] {1, p2}, g.matmul("second:3", 1, n, p2, x, w2), true);
        return new Case(compile(g.build(), new LayoutOptions(width, TABLE_BITS, 0)), Map.of("x", nonZero(r, n)));
    }

    private static int[] outputs(Case t, String name) {
        return t.cc().program().outputs().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow().wires();
    }

    /**
     * A prover who changes an output of some check and then subtracts the end value E of that check's running
     * difference from each of its rows and from the row above its first: had e been carried into a check's first row,
     * that would pass (the row above is the product's, where e is free, or the previous block's output row).
     */
    @Test
    void aRunningDifferenceCannotBeCarriedIntoACheck() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int width = 6 + r.nextInt(8);
            int per = width / 2;
            Case t = twoChecks(r, width, per + 1 + r.nextInt(per), 1 + r.nextInt(per - 1));
            ConstraintSystem cs = t.cc().constraintSystem();
            assertComplete(t.cc(), t.inputs(), Map.of());
            Column qw = fixed(cs, "q_fw");
            Column qwo = fixed(cs, "q_fwo");
            Column e = column(cs, "freivalds_e");
            long[] honest = t.cc().program().evaluate(t.inputs());
            int[] c1 = outputs(t, "c1");
            int[] c2 = outputs(t, "c2");
            // The changed output of each check: block 0 and 1 of the first matmul, the second's only block.
            int[] changed = {c1[r.nextInt(per)], c1[per + r.nextInt(c1.length - per)], c2[r.nextInt(c2.length)]};
            int check = 0;
            for (int row = 0; row < cs.usableRows(); row++) {
                if (!on(cs, qw, row) || (row > 0 && on(cs, qw, row - 1))) {
                    continue;
                }
                int first = row;
                int last = first;
                while (!on(cs, qwo, last)) {
                    last++;
                }
                long[] wires = honest.clone();
                wires[changed[check++]] += 1 + r.nextInt(50);
                List<Fr> challenges = randomChallenges(cs, r);
                Witness cheat = completedFor(t.cc(), wires, challenges);
                Fr end = cheat.get(e, last);
                assertFalse(end.isZero(), "the changed output leaves e at 0");
                Map<CellRef, Fr> shifted = new HashMap<>();
                for (int k = first - 1; k <= last; k++) {
                    shifted.put(new CellRef(e, k), cheat.get(e, k).sub(end));
                }
                Witness carried = withCells(cs, cheat, shifted);
                assertFalse(MockProver.check(cs, carried, challenges, 1).isEmpty(), "carried into row " + first);
            }
            assertEquals(3, check, "two blocks and one");
        });
    }

    /**
     * Errors that cancel between two columns of a block (each column enters with its own power of r), between two
     * blocks of one check or between two checks (the same column and power in each), two outputs swapped, and an
     * error moved into a free cell of a narrow block's output row (another power of r): each refused for the drawn
     * challenges and for random ones.
     */
    @Test
    void errorsThatCancelBetweenColumnsBlocksOrChecksAreRejected() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int width = 6 + r.nextInt(8);
            int per = width / 2;
            int p2 = 1 + r.nextInt(per - 1);
            Case t = twoChecks(r, width, per + 1 + r.nextInt(per), p2);
            assertComplete(t.cc(), t.inputs(), Map.of());
            long[] honest = t.cc().program().evaluate(t.inputs());
            int[] c1 = outputs(t, "c1");
            int[] c2 = outputs(t, "c2");
            long d = 1 + r.nextInt(50);
            int j = r.nextInt(Math.min(p2, c1.length - per));
            int k = (j + 1 + r.nextInt(per - 1)) % per;
            List<long[]> attacks = new ArrayList<>();
            List<String> names = new ArrayList<>();
            long[] columns = honest.clone();
            columns[c1[j]] += d;
            columns[c1[k]] -= d;
            attacks.add(columns);
            names.add("errors cancelling between columns " + j + " and " + k);
            long[] blocks = honest.clone();
            blocks[c1[j]] += d;
            blocks[c1[per + j]] -= d;
            attacks.add(blocks);
            names.add("errors cancelling between the blocks of column " + j);
            long[] checks = honest.clone();
            checks[c1[j]] += d;
            checks[c2[j]] -= d;
            attacks.add(checks);
            names.add("errors cancelling between two checks in column " + j);
            if (honest[c1[j]] != honest[c1[k]]) {
                long[] swapped = honest.clone();
                swapped[c1[j]] = honest[c1[k]];
                swapped[c1[k]] = honest[c1[j]];
                attacks.add(swapped);
                names.add("outputs " + j + " and " + k + " swapped");
            }
            for (int i = 0; i < attacks.size(); i++) {
                assertWiresRejected(t.cc(), attacks.get(i), names.get(i));
                assertWiresRejectedForRandomChallenges(t.cc(), attacks.get(i), r, 2, names.get(i));
            }
            ConstraintSystem cs = t.cc().constraintSystem();
            Column qwo = fixed(cs, "q_fwo");
            int outputRow = cs.usableRows() - 1;
            while (!on(cs, qwo, outputRow)) {
                outputRow--;
            }
            long[] wires = honest.clone();
            wires[c2[j]] += d;
            Column free = cs.advice().get(2 * (p2 + r.nextInt(per - p2)));
            Witness moved = withCells(cs, t.cc().fillWitness(wires), Map.of(new CellRef(free, outputRow), Fr.of(-d)));
            for (int trial = 0; trial < 2; trial++) {
                List<Fr> challenges = randomChallenges(cs, r);
                Witness completed = t.cc().phased(new CompiledCircuit.WitnessResult(moved, Map.of(), new long[0]))
                        .complete(challenges);
                assertFalse(MockProver.check(cs, completed, challenges, 1).isEmpty(),
                        "an error moved into free cell " + free + " of output row " + outputRow);
            }
        });
    }

    /**
     * The free even cells of a narrow block hold 0 and are looked up like the weights: for weights checked to a range
     * without 0 (here an input of [1, 256], one lookup wide) the matmul must not be checked in place, or the honest
     * witness fails those lookups.
     */
    @Test
    void weightsOfARangeWithoutZeroKeepTheHonestProverComplete() {
        Random r = new Random(11);
        for (int width : new int[] {6, 9, 12}) {
            int n = 1 + r.nextInt(4);
            int p = 1 + r.nextInt(width / 2 - 1);
            GadgetProgram.Builder g = GadgetProgram.builder("positive");
            int[] x = g.input("x", new int[] {1, n}, false, BYTE);
            int[] y = g.input("y", new int[] {n * p}, false, new Interval(1, 256));
            g.output("c", new int[] {1, p}, g.matmul("t:1", 1, n, p, x, y), true);
            CompiledCircuit cc = compile(g.build(), new LayoutOptions(width, TABLE_BITS, 0));
            long[] ys = new long[n * p];
            for (int k = 0; k < ys.length; k++) {
                ys[k] = 1 + r.nextInt(256);
            }
            assertComplete(cc, Map.of("x", nonZero(r, n), "y", ys), Map.of());
        }
    }

    /**
     * Over the programs above (covered and uncovered checks, both bases and layouts) at random widths and table bits
     * (below 8 the weights no longer fit one lookup, so none is covered), the plan search's floor stays under the dry
     * run in every count.
     */
    @Test
    void theFloorStaysUnderTheDryRun() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            GadgetProgram program = randomCase(r).cc().program();
            for (int k = 0; k < 4; k++) {
                LayoutOptions o = LayoutOptions.defaults().withWidth(5 + r.nextInt(20)).withTableBits(4 + r.nextInt(6));
                Halo2StyleBackend backend = new Halo2StyleBackend();
                DryRunTest.assertAtMost(backend.statsFloor(program, o), backend.dryRun(program, o));
            }
        });
    }
}
