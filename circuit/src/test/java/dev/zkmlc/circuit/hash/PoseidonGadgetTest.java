package dev.zkmlc.circuit.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.hash.PoseidonGadget.SboxGates;
import dev.zkmlc.circuit.mock.Failure;
import dev.zkmlc.circuit.mock.MockProver;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A circuit that proves out = poseidon(in_1, .., in_n) with inputs and output public: the instance
 * column holds the inputs on rows 0..n-1 and the claimed hash on row n.
 */
class PoseidonGadgetTest {

    static final class HashCircuit {
        final PoseidonGadget gadget;
        final PoseidonGadget.Permutation perm;
        final Column io;
        final ConstraintSystem cs;
        final int inputs;

        HashCircuit(int inputs, SboxGates sboxGates) {
            this.inputs = inputs;
            ConstraintSystemBuilder b = ConstraintSystem.builder();
            io = b.instance("io");
            b.enableEquality(io);
            gadget = PoseidonGadget.configure(b, PoseidonParameters.circom(inputs + 1), sboxGates);
            perm = gadget.layoutHash(b, 0, "test: poseidon");
            for (int i = 0; i < inputs; i++) {
                b.copy(io.at(i), perm.input().get(i + 1));
            }
            b.copy(io.at(inputs), perm.output().get(0));
            cs = b.build();
        }

        /** The honest witness for {@code xs}, claiming {@code claimed} as the hash. */
        Witness.Builder witness(List<Fr> xs, Fr claimed) {
            Witness.Builder w = Witness.builder();
            gadget.assignHash(w, 0, xs);
            for (int i = 0; i < xs.size(); i++) {
                w.set(io, i, xs.get(i));
            }
            w.set(io, inputs, claimed);
            return w;
        }

        Witness.Builder honest(List<Fr> xs) {
            return witness(xs, Poseidon.hash(xs));
        }
    }

    private static List<Fr> random(SplittableRandom rng, int n) {
        List<Fr> xs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            xs.add(Fr.random(rng));
        }
        return xs;
    }

    @Test
    void honestHashSatisfiesTheCircuitInBothGateShapes() {
        SplittableRandom rng = new SplittableRandom(7);
        for (SboxGates g : SboxGates.values()) {
            for (int n : new int[] {1, 2, 4, 16}) {
                HashCircuit c = new HashCircuit(n, g);
                List<Fr> xs = random(rng, n);
                Witness.Builder w = c.honest(xs);
                assertEquals(List.of(), MockProver.check(c.cs, w.build()), g + " n=" + n);
                assertEquals(Poseidon.hash(xs), w.get(c.perm.output().get(0).column(), c.perm.output().get(0).row()));
            }
        }
    }

    @Test
    void completenessOverRandomSmallInputs() {
        HashCircuit c = new HashCircuit(2, SboxGates.DEGREE_5);
        qt().withExamples(30).forAll(longs().all(), longs().all()).checkAssert((a, b) ->
                assertEquals(List.of(), MockProver.check(c.cs, c.honest(List.of(Fr.of(a), Fr.of(b))).build())));
    }

    @Test
    void gateDegreeFollowsTheGateShape() {
        assertEquals(6, new HashCircuit(2, SboxGates.DEGREE_5).cs.gateDegree());
        assertEquals(4, new HashCircuit(2, SboxGates.SQUARES).cs.gateDegree());
        HashCircuit c = new HashCircuit(2, SboxGates.DEGREE_5);
        assertEquals(8 + 57 + 1, c.gadget.rowsPerPermutation());
        assertEquals(3, c.gadget.adviceColumns());
        assertEquals(6, new HashCircuit(2, SboxGates.SQUARES).gadget.adviceColumns());
    }

    @Test
    void aDifferentClaimedOutputIsRejected() {
        for (SboxGates g : SboxGates.values()) {
            HashCircuit c = new HashCircuit(2, g);
            List<Fr> xs = List.of(Fr.of(1), Fr.of(2));
            // The claim is wrong, the permutation cells honest: the output copy must fail.
            List<Failure> f = MockProver.check(c.cs, c.witness(xs, Poseidon.hash(xs).add(Fr.ONE)).build());
            assertEquals(1, f.size(), f.toString());
            assertEquals(Failure.COPY, f.get(0).kind());
            // A claim of the hash of other inputs fails too.
            assertFalse(MockProver.check(c.cs, c.witness(xs, Poseidon.hash(Fr.of(2), Fr.of(1))).build()).isEmpty());
        }
    }

    @Test
    void everyChangedStateCellIsRejected() {
        for (SboxGates g : SboxGates.values()) {
            HashCircuit c = new HashCircuit(2, g);
            List<Fr> xs = List.of(Fr.of(11), Fr.of(-5));
            PoseidonParameters p = c.gadget.parameters();
            for (int row = 0; row <= p.rounds(); row++) {
                for (int i = 0; i < p.width(); i++) {
                    CellRef cell = new CellRef(c.perm.input().get(i).column(), row);
                    assertRejected(c, c.honest(xs), cell, g);
                }
            }
        }
    }

    @Test
    void everyChangedSquareCellIsRejected() {
        HashCircuit c = new HashCircuit(2, SboxGates.SQUARES);
        List<Fr> xs = List.of(Fr.of(3), Fr.of(4));
        PoseidonParameters p = c.gadget.parameters();
        Witness honest = c.honest(xs).build();
        for (int row = 0; row < p.rounds(); row++) {
            // A partial round squares element 0 only; the other square cells of its row are unused.
            int used = p.isFullRound(row) ? p.width() : 1;
            for (Column sq : c.cs.advice()) {
                if (!sq.name().startsWith("poseidon3_sq")) {
                    continue;
                }
                int i = Integer.parseInt(sq.name().substring("poseidon3_sq".length()));
                if (i < used) {
                    assertFalse(honest.get(sq, row).isZero(), sq + "@" + row + " should hold a square");
                    assertRejected(c, c.honest(xs), new CellRef(sq, row), SboxGates.SQUARES);
                }
            }
        }
    }

    private static void assertRejected(HashCircuit c, Witness.Builder w, CellRef cell, SboxGates g) {
        Fr old = w.get(cell.column(), cell.row());
        w.set(cell.column(), cell.row(), old.add(Fr.ONE));
        assertFalse(MockProver.check(c.cs, w.build(), 1).isEmpty(), g + ": change of " + cell + " accepted");
    }

    @Test
    void aNonZeroCapacityIsRejected() {
        // Even with every round honest for that state: the capacity is pinned to zero by a copy.
        HashCircuit c = new HashCircuit(2, SboxGates.DEGREE_5);
        Fr[] state = {Fr.ONE, Fr.of(1), Fr.of(2)};
        Witness.Builder w = Witness.builder();
        Fr[] out = c.gadget.assign(w, 0, state);
        w.set(c.io, 0, Fr.of(1)).set(c.io, 1, Fr.of(2)).set(c.io, 2, out[0]);
        List<Failure> f = MockProver.check(c.cs, w.build());
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).detail().contains("poseidon3_const"), f.get(0).toString());
    }
}
