package dev.zkmlc.circuit.mock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnValues;
import dev.zkmlc.circuit.cs.ColumnKind;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Region;
import dev.zkmlc.circuit.cs.Copy;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Completeness and soundness checks shared by every backend's gadget tests: check a laid-out
 * program's honest witness, then tamper with it in the ways a cheating prover could.
 */
public final class CircuitChecks {
    private CircuitChecks() {}

    /** The honest witness satisfies every constraint and yields the expected outputs. */
    public static CompiledCircuit.WitnessResult assertComplete(CompiledCircuit cc, Map<String, long[]> inputs,
            Map<String, long[]> expected) {
        CompiledCircuit.WitnessResult r = cc.witness(inputs);
        List<Failure> f = MockProver.check(cc.constraintSystem(), r.witness());
        assertTrue(f.isEmpty(), () -> "honest witness rejected: " + f.subList(0, Math.min(5, f.size())) + "\n"
                + cc.program());
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), r.outputs().get(e.getKey()), "output " + e.getKey());
        }
        return r;
    }

    /**
     * Changing any one (of up to {@code samples} randomly chosen) dependent advice cell, or any
     * public value, makes the mock prover fail.
     */
    public static void assertCellTamperingRejected(CompiledCircuit cc, Witness honest, Random rnd, int samples) {
        assertCellTamperingRejected(cc, honest, rnd, samples, true);
    }

    /**
     * As above; with {@code copyClasses}, also changes each chosen cell together with every cell
     * copied from it, so that only gates and lookups can object. (Not for programs whose outputs are
     * their inputs: there, changing an input everywhere is just another valid statement.)
     */
    public static void assertCellTamperingRejected(CompiledCircuit cc, Witness honest, Random rnd, int samples,
            boolean copyClasses) {
        List<CellRef> cells = new ArrayList<>(cc.dependentCells());
        Collections.shuffle(cells, rnd);
        ConstraintSystem cs = cc.constraintSystem();
        for (CellRef c : cells.subList(0, Math.min(samples, cells.size()))) {
            Fr delta = rnd.nextBoolean() ? Fr.ONE : Fr.of(1 + rnd.nextInt(1000)).neg();
            Fr changed = honest.get(c.column(), c.row()).add(delta);
            Witness bad = withCell(cs, honest, c, changed);
            assertFalse(MockProver.check(cs, bad, 1).isEmpty(), () -> "changing " + c + " by " + delta
                    + " was accepted\n" + cc.program());
            if (!copyClasses) {
                continue;
            }
            Witness badClass = withCells(cs, honest, Map.of(c, changed));
            assertFalse(MockProver.check(cs, badClass, 1).isEmpty(), () -> "changing " + c + " and its copies by "
                    + delta + " was accepted\n" + cc.program());
        }
        if (!cs.instance().isEmpty()) {
            Column inst = cs.instance().get(0);
            for (int row = 0; row < cc.publicValues().size(); row++) {
                Witness bad = withCell(cs, honest, new CellRef(inst, row), honest.get(inst, row).add(Fr.ONE));
                int r = row;
                assertFalse(MockProver.check(cs, bad, 1).isEmpty(), () -> "public value " + r + " + 1 accepted");
            }
        }
    }

    /** A witness built from wrong wire values (as a cheating prover would) is rejected. */
    /**
     * Changes, one at a time, up to {@code samples} dependent cells of the range-check rows (regions named
     * {@code .../range}: the checked values' copies and every limb) by +1 or -1, each alone: the circuit must
     * reject each. Returns how many cells were changed.
     */
    public static int assertRangeCellTamperingRejected(CompiledCircuit cc, Witness honest, Random rnd, int samples) {
        ConstraintSystem cs = cc.constraintSystem();
        List<CellRef> cells = new ArrayList<>();
        for (CellRef c : cc.dependentCells()) {
            for (Region r : cs.regions()) {
                if (r.name().endsWith("/range") && c.row() >= r.firstRow() && c.row() < r.firstRow() + r.rowCount()) {
                    cells.add(c);
                    break;
                }
            }
        }
        Collections.shuffle(cells, rnd);
        List<CellRef> chosen = cells.subList(0, Math.min(samples, cells.size()));
        for (CellRef c : chosen) {
            Fr delta = rnd.nextBoolean() ? Fr.ONE : Fr.ONE.neg();
            Witness bad = withCell(cs, honest, c, honest.get(c.column(), c.row()).add(delta));
            assertFalse(MockProver.check(cs, bad, 1).isEmpty(), () -> "changing range cell " + c + " by " + delta
                    + " was accepted");
        }
        return chosen.size();
    }

    public static void assertWiresRejected(CompiledCircuit cc, long[] wires, String what) {
        Witness bad = cc.fillWitness(wires);
        assertFalse(MockProver.check(cc.constraintSystem(), bad, 1).isEmpty(), () -> what + " was accepted");
    }

    /** One random value per challenge the circuit declares, in order. */
    public static List<Fr> randomChallenges(ConstraintSystem cs, Random rnd) {
        List<Fr> out = new ArrayList<>();
        for (int i = 0; i < cs.challenges().size(); i++) {
            out.add(Fr.of(rnd.nextLong()));
        }
        return out;
    }

    /**
     * The wires' witness with its later-phase columns computed for the given challenges, as a cheating prover who knew
     * them in advance would fill them.
     */
    public static Witness completedFor(CompiledCircuit cc, long[] wires, List<Fr> challenges) {
        Witness phase0 = cc.fillWitness(wires);
        return cc.phased(new CompiledCircuit.WitnessResult(phase0, Map.of(), new long[0])).complete(challenges);
    }

    /** The wires stay rejected with their later-phase columns recomputed for each of {@code trials} random challenge draws. */
    public static void assertWiresRejectedForRandomChallenges(CompiledCircuit cc, long[] wires, Random rnd, int trials,
            String what) {
        ConstraintSystem cs = cc.constraintSystem();
        for (int trial = 0; trial < trials; trial++) {
            List<Fr> random = randomChallenges(cs, rnd);
            assertFalse(MockProver.check(cs, completedFor(cc, wires, random), random, 1).isEmpty(),
                    () -> what + " passed for random challenges");
        }
    }

    public static void assertWiresAccepted(CompiledCircuit cc, long[] wires, String what) {
        Witness w = cc.fillWitness(wires);
        List<Failure> f = MockProver.check(cc.constraintSystem(), w, 3);
        assertEquals(List.of(), f, what + " was rejected");
    }

    /** Sets each target and every advice or instance cell copy-connected to it. */
    public static Witness withCells(ConstraintSystem cs, Witness w, Map<CellRef, Fr> targets) {
        Map<CellRef, List<CellRef>> adj = new HashMap<>();
        for (Copy c : cs.copies()) {
            adj.computeIfAbsent(c.a(), x -> new ArrayList<>()).add(c.b());
            adj.computeIfAbsent(c.b(), x -> new ArrayList<>()).add(c.a());
        }
        Witness.Builder b = Witness.builder();
        for (Column c : cs.advice()) {
            copyColumn(w, b, c);
        }
        for (Column c : cs.instance()) {
            copyColumn(w, b, c);
        }
        for (Map.Entry<CellRef, Fr> t : targets.entrySet()) {
            Deque<CellRef> todo = new ArrayDeque<>(List.of(t.getKey()));
            Set<CellRef> seen = new HashSet<>(todo);
            while (!todo.isEmpty()) {
                CellRef c = todo.pop();
                if (c.column().kind() != ColumnKind.FIXED) {
                    b.set(c.column(), c.row(), t.getValue());
                }
                for (CellRef n : adj.getOrDefault(c, List.of())) {
                    if (seen.add(n)) {
                        todo.push(n);
                    }
                }
            }
        }
        return b.build();
    }

    public static Witness withCell(ConstraintSystem cs, Witness w, CellRef target, Fr value) {
        Witness.Builder b = Witness.builder();
        for (Column c : cs.advice()) {
            copyColumn(w, b, c);
        }
        for (Column c : cs.instance()) {
            copyColumn(w, b, c);
        }
        b.set(target.column(), target.row(), value);
        return b.build();
    }

    private static void copyColumn(Witness w, Witness.Builder b, Column c) {
        ColumnValues v = w.column(c);
        for (int row = 0; row < v.length(); row++) {
            b.set(c, row, v.get(row));
        }
    }
}
