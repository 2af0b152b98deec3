package dev.zkmlc.circuit.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.hash.PoseidonGadget.SboxGates;
import dev.zkmlc.circuit.mock.MockProver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shape of a "hashed weights" commitment: private weights in an advice column, copied into a
 * Poseidon chain whose result is the public instance value.
 */
class PoseidonChainGadgetTest {

    static final class CommitCircuit {
        final Column weights;
        final Column commitment;
        final PoseidonChainGadget chain;
        final PoseidonChainGadget.Layout layout;
        final ConstraintSystem cs;

        CommitCircuit(PoseidonChain rule, int length) {
            ConstraintSystemBuilder b = ConstraintSystem.builder();
            weights = b.advice("weights");
            commitment = b.instance("commitment");
            b.enableEquality(weights).enableEquality(commitment);
            chain = PoseidonChainGadget.configure(b, rule, SboxGates.DEGREE_5);
            layout = chain.layout(b, 0, length, "model.onnx: weights");
            for (int i = 0; i < length; i++) {
                b.copy(weights.at(i), layout.values().get(i));
            }
            b.copy(layout.result(), commitment.at(0));
            cs = b.build();
        }

        Witness.Builder honest(List<Fr> ws) {
            Witness.Builder w = Witness.builder();
            for (int i = 0; i < ws.size(); i++) {
                w.set(weights, i, ws.get(i));
            }
            w.set(commitment, 0, chain.assign(w, 0, ws));
            return w;
        }
    }

    private static List<Fr> weights(int n) {
        List<Fr> ws = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ws.add(Fr.of((i * 37L) % 255 - 127));
        }
        return ws;
    }

    @Test
    void circuitCommitmentEqualsTheNativeChain() {
        for (int n : new int[] {0, 1, 3, 4, 10}) {
            PoseidonChain rule = new PoseidonChain(4);
            CommitCircuit c = new CommitCircuit(rule, n);
            Witness.Builder w = c.honest(weights(n));
            assertEquals(List.of(), MockProver.check(c.cs, w.build()), "n=" + n);
            assertEquals(rule.hash(weights(n)), w.get(c.commitment, 0));
            assertEquals(rule.links(n) * c.chain.permutation().rowsPerPermutation(), c.layout.rows());
        }
    }

    @Test
    void defaultChainOverThirtyWeights() {
        CommitCircuit c = new CommitCircuit(PoseidonChain.DEFAULT, 30);
        Witness.Builder w = c.honest(weights(30));
        assertEquals(List.of(), MockProver.check(c.cs, w.build()));
        assertEquals(PoseidonChain.DEFAULT.hash(weights(30)), w.get(c.commitment, 0));
    }

    @Test
    void aWeightOffByOneUnitIsRejected() {
        int n = 10;
        CommitCircuit c = new CommitCircuit(new PoseidonChain(4), n);
        Fr honestCommitment = c.honest(weights(n)).get(c.commitment, 0);
        for (int i = 0; i < n; i++) {
            // A prover with other weights, even computing the chain honestly for them, cannot reach
            // the published commitment.
            List<Fr> other = new ArrayList<>(weights(n));
            other.set(i, other.get(i).add(Fr.ONE));
            Witness.Builder w = c.honest(other);
            w.set(c.commitment, 0, honestCommitment);
            assertFalse(MockProver.check(c.cs, w.build(), 1).isEmpty(), "weight " + i);
        }
    }

    @Test
    void brokenLinksAndPaddingAreRejected() {
        // Arity 4 absorbs 3 values a link: 4 values take two links, the second's input row being
        // [capacity 0, link from the first, value 3, padding 0, padding 0]. Each of its cells is pinned.
        int n = 4;
        CommitCircuit c = new CommitCircuit(new PoseidonChain(4), n);
        int secondLinkRow = c.chain.permutation().rowsPerPermutation();
        List<CellRef> cells = new ArrayList<>();
        for (Column col : c.cs.advice()) {
            if (col.name().startsWith("poseidon5_s")) {
                cells.add(new CellRef(col, secondLinkRow));
            }
        }
        assertEquals(5, cells.size());
        assertEquals(cells.get(2), c.layout.values().get(3));
        for (CellRef cell : cells) {
            Witness.Builder w = c.honest(weights(n));
            w.set(cell.column(), cell.row(), w.get(cell.column(), cell.row()).add(Fr.ONE));
            assertFalse(MockProver.check(c.cs, w.build(), 1).isEmpty(), "change of " + cell);
        }
    }
}
