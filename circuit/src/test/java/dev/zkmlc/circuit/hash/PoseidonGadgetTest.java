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
    void rowsAndColumnsFollowTheGateShape() {
        HashCircuit d5 = new HashCircuit(2, SboxGates.DEGREE_5);
        HashCircuit sq = new HashCircuit(2, SboxGates.SQUARES);
        assertEquals(6, d5.cs.gateDegree());
        assertEquals(4, sq.cs.gateDegree());
        // 8 full rounds, 57 partial rounds as 28 pairs and one single, the output row.
        assertEquals(8 + 28 + 1 + 1, d5.gadget.rowsPerPermutation());
        assertEquals(3 + 1, d5.gadget.adviceColumns());
        assertEquals(3 + 3 + 1 + 1, sq.gadget.adviceColumns());
        // t = 17: 68 partial rounds, 34 pairs.
        assertEquals(8 + 34 + 1, new HashCircuit(16, SboxGates.DEGREE_5).gadget.rowsPerPermutation());
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

    /**
     * Changes each cell the gadget assigns, one at a time: every state cell of the region, and every
     * assigned square and mid cell (cells of a square column on a row whose round does not use them
     * stay unassigned, appear in no enabled constraint, and are not tried).
     */
    @Test
    void everyChangedCellIsRejected() {
        for (SboxGates g : SboxGates.values()) {
            HashCircuit c = new HashCircuit(2, g);
            List<Fr> xs = List.of(Fr.of(11), Fr.of(-5));
            Witness honest = c.honest(xs).build();
            int rows = c.gadget.rowsPerPermutation();
            int tried = 0;
            for (Column col : c.cs.advice()) {
                boolean stateColumn = c.perm.input().stream().anyMatch(cell -> cell.column().equals(col));
                for (int row = 0; row < rows; row++) {
                    if (stateColumn || !honest.get(col, row).isZero()) {
                        assertRejected(c, c.honest(xs), new CellRef(col, row), g);
                        tried++;
                    }
                }
            }
            // State: 3 columns x 38 rows; mid: 28 pair rows; squares: element 0 on every round row
            // (37), elements 1 and 2 on the 8 full rows, mid's square on the 28 pair rows.
            int expected = 3 * 38 + 28 + (g == SboxGates.SQUARES ? 37 + 2 * 8 + 28 : 0);
            assertEquals(expected, tried, g.toString());
        }
    }

    private static void assertRejected(HashCircuit c, Witness.Builder w, CellRef cell, SboxGates g) {
        Fr old = w.get(cell.column(), cell.row());
        w.set(cell.column(), cell.row(), old.add(Fr.ONE));
        assertFalse(MockProver.check(c.cs, w.build(), 1).isEmpty(), g + ": change of " + cell + " accepted");
    }

    /**
     * A cheating prover forges one intermediate cell (mid, or a square) and carries on honestly from
     * there, every later row following its gate, claiming the resulting wrong hash: only the
     * constraint that defines the forged cell can catch it. Done on every pair row, in both shapes.
     */
    @Test
    void aForgedIntermediateCarriedOnConsistentlyIsRejected() {
        for (SboxGates g : SboxGates.values()) {
            HashCircuit c = new HashCircuit(2, g);
            PoseidonGadget gadget = c.gadget;
            PoseidonParameters p = gadget.parameters();
            List<Fr> xs = List.of(Fr.of(11), Fr.of(-5));
            int forged = 0;
            for (int step = 0; step + 1 < gadget.rowsPerPermutation(); step++) {
                if (!gadget.isPairStep(step)) {
                    continue;
                }
                int r = gadget.roundOfStep(step);
                Witness.Builder w = c.honest(xs);
                Fr[] s = stateAt(c, w, step);
                // Forge mid, the state element 0 between rounds r and r + 1.
                Fr[] after = p.round(r, s);
                after[0] = after[0].add(Fr.ONE);
                w.set(gadget.midColumn(), step, after[0]);
                if (g == SboxGates.SQUARES) {
                    w.set(gadget.midSquareColumn(), step, after[0].add(p.roundConstant(r + 1, 0)).square());
                }
                Fr[] out = gadget.assignFrom(w, 0, step + 1, p.round(r + 1, after));
                w.set(c.io, 2, out[0]);
                assertFalse(MockProver.check(c.cs, w.build(), 1).isEmpty(), g + ": forged mid on row " + step);
                forged++;

                if (g == SboxGates.SQUARES) {
                    // Forge the square of element 0 and use it: y_0 = a·a·x_0 with the wrong a.
                    Witness.Builder w2 = c.honest(xs);
                    Fr x0 = s[0].add(p.roundConstant(r, 0));
                    Fr a = x0.square().add(Fr.ONE);
                    w2.set(gadget.squareColumn(0), step, a);
                    Fr[] y = new Fr[p.width()];
                    for (int j = 0; j < y.length; j++) {
                        y[j] = s[j].add(p.roundConstant(r, j));
                    }
                    y[0] = a.square().mul(x0);
                    Fr[] after2 = mds(p, y);
                    w2.set(gadget.midColumn(), step, after2[0]);
                    w2.set(gadget.midSquareColumn(), step, after2[0].add(p.roundConstant(r + 1, 0)).square());
                    Fr[] out2 = gadget.assignFrom(w2, 0, step + 1, p.round(r + 1, after2));
                    w2.set(c.io, 2, out2[0]);
                    assertFalse(MockProver.check(c.cs, w2.build(), 1).isEmpty(), "forged square on row " + step);
                }
            }
            assertEquals(28, forged);
        }
    }

    private static Fr[] stateAt(HashCircuit c, Witness.Builder w, int row) {
        Fr[] s = new Fr[c.perm.input().size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = w.get(c.perm.input().get(i).column(), row);
        }
        return s;
    }

    private static Fr[] mds(PoseidonParameters p, Fr[] y) {
        Fr[] out = new Fr[y.length];
        for (int i = 0; i < y.length; i++) {
            Fr acc = Fr.ZERO;
            for (int j = 0; j < y.length; j++) {
                acc = acc.add(p.mds(i, j).mul(y[j]));
            }
            out[i] = acc;
        }
        return out;
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
