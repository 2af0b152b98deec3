package dev.zkmlc.backend.halo2;

import static dev.zkmlc.circuit.mock.CircuitChecks.assertCellTamperingRejected;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertComplete;
import static dev.zkmlc.backend.halo2.CircuitHarness.compile;
import static dev.zkmlc.circuit.mock.CircuitChecks.withCell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.hash.PoseidonChain;
import dev.zkmlc.circuit.mock.MockProver;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hashed tensors: a private input and private weights whose Poseidon chain hashes are public
 * values, laid out by the chain gadget beside the wide rows. The hash binds the values: other
 * weights with the committed hash are rejected.
 */
class HashedTensorTest {
    static final long[] WEIGHTS = {3, -5, 7, 2};

    /** y = x . w, x private and hashed, w private and hashed, y public. */
    static GadgetProgram program() {
        GadgetProgram.Builder b = GadgetProgram.builder("hashed");
        int[] x = b.input("x", new int[] {4}, false, new Interval(-100, 100));
        b.hashed("x", new int[] {4}, x);
        int[] w = b.constants(WEIGHTS, false);
        int[] y = b.dot("dot", new int[][] {x}, new int[][] {w}, new int[] {b.fixedConstant(0)});
        b.output("y", new int[] {1}, y, true);
        b.hashed("#parameters", new int[] {4}, b.privateConstants());
        return b.build();
    }

    static List<Fr> fr(long... v) {
        return java.util.Arrays.stream(v).mapToObj(Fr::of).toList();
    }

    @Test
    void theHashesArePublicValuesAfterTheOutputAndMatchTheNativeChain() {
        CompiledCircuit cc = compile(program(), LayoutOptions.defaults().withTableBits(6));
        long[] x = {1, -2, 3, 4};
        CompiledCircuit.WitnessResult r = assertComplete(cc, Map.of("x", x), Map.of("y", new long[] {3 + 10 + 21 + 8}));
        Column inst = cc.constraintSystem().instance().get(0);
        assertEquals(1, cc.publicValues().size());
        assertEquals(Fr.of(42), r.witness().get(inst, 0));
        assertEquals(PoseidonChain.DEFAULT.hash(fr(x)), r.witness().get(inst, 1));
        assertEquals(PoseidonChain.DEFAULT.hash(fr(WEIGHTS)), r.witness().get(inst, 2));
        assertCellTamperingRejected(cc, r.witness(), new Random(8), 40);
    }

    @Test
    void otherWeightsUnderTheCommittedHashAreRejected() {
        GadgetProgram p = program();
        CompiledCircuit cc = compile(p, LayoutOptions.defaults().withTableBits(6));
        ConstraintSystem cs = cc.constraintSystem();
        Column inst = cs.instance().get(0);
        Map<String, long[]> in = Map.of("x", new long[] {1, -2, 3, 4});
        Witness honest = cc.witness(in).witness();
        long[] wires = p.evaluate(in);
        int w0 = p.privateConstants()[0];
        wires[w0] += 1;
        wires[p.outputs().get(0).wires()[0]] += 1; // x[0] = 1: the output follows the weight
        Witness cheat = cc.fillWitness(wires);
        assertTrue(MockProver.check(cs, cheat, 1).isEmpty(), "other weights with their own hash make another valid statement");
        assertFalse(cheat.get(inst, 2).equals(honest.get(inst, 2)));
        Witness forged = withCell(cs, cheat, new CellRef(inst, 2), honest.get(inst, 2));
        assertFalse(MockProver.check(cs, forged, 1).isEmpty(), "other weights passed under the committed hash");
        for (int row = 1; row <= 2; row++) {
            Witness bad = withCell(cs, honest, new CellRef(inst, row), honest.get(inst, row).add(Fr.ONE));
            assertFalse(MockProver.check(cs, bad, 1).isEmpty(), "hash row " + row + " + 1 accepted");
        }
    }

    @Test
    void theDryRunCountsTheChainsAsTheLayoutDoes() {
        LayoutOptions o = LayoutOptions.defaults().withTableBits(6);
        Halo2StyleBackend backend = new Halo2StyleBackend();
        assertEquals(backend.layout(program(), o).stats(), backend.dryRun(program(), o));
        assertEquals(43, Halo2StyleBackend.hashRows(15));
        assertEquals(86, Halo2StyleBackend.hashRows(16));
    }
}
