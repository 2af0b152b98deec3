package dev.zkmlc.backend.halo2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnValues;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.mock.Failure;
import dev.zkmlc.circuit.mock.MockProver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Completeness and soundness checks shared by the gadget tests: lay a program out, check the
 * honest witness, then tamper with it in the ways a cheating prover could.
 */
final class CircuitHarness {
    private CircuitHarness() {}

    static CompiledCircuit compile(GadgetProgram p, LayoutOptions options) {
        return new Halo2StyleBackend().layout(p, options);
    }

    /** The honest witness satisfies every constraint and yields the expected outputs. */
    static CompiledCircuit.WitnessResult assertComplete(CompiledCircuit cc, Map<String, long[]> inputs,
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
    static void assertCellTamperingRejected(CompiledCircuit cc, Witness honest, Random rnd, int samples) {
        List<CellRef> cells = new ArrayList<>(cc.dependentCells());
        Collections.shuffle(cells, rnd);
        ConstraintSystem cs = cc.constraintSystem();
        for (CellRef c : cells.subList(0, Math.min(samples, cells.size()))) {
            Fr delta = rnd.nextBoolean() ? Fr.ONE : Fr.of(1 + rnd.nextInt(1000)).neg();
            Witness bad = withCell(cs, honest, c, honest.get(c.column(), c.row()).add(delta));
            assertFalse(MockProver.check(cs, bad, 1).isEmpty(), () -> "changing " + c + " by " + delta
                    + " was accepted\n" + cc.program());
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
    static void assertWiresRejected(CompiledCircuit cc, long[] wires, String what) {
        Witness bad = cc.fillWitness(wires);
        assertFalse(MockProver.check(cc.constraintSystem(), bad, 1).isEmpty(), () -> what + " was accepted");
    }

    static void assertWiresAccepted(CompiledCircuit cc, long[] wires, String what) {
        Witness w = cc.fillWitness(wires);
        List<Failure> f = MockProver.check(cc.constraintSystem(), w, 3);
        assertEquals(List.of(), f, what + " was rejected");
    }

    static Witness withCell(ConstraintSystem cs, Witness w, CellRef target, Fr value) {
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
