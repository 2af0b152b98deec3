package dev.zkmlc.backend.plonk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.gadget.LookupTable;
import dev.zkmlc.circuit.mock.MockProver;
import dev.zkmlc.prover.plonk.Keys;
import dev.zkmlc.prover.plonk.Proof;
import dev.zkmlc.prover.plonk.Prover;
import dev.zkmlc.prover.plonk.Setup;
import dev.zkmlc.prover.plonk.Verifier;
import dev.zkmlc.prover.srs.DevSrs;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A PLONK layout is an ordinary constraint system for the project's PLONKish prover: a small model
 * (dense, rescale, ReLU, and a nonlinearity) proves and verifies under both variants, and the
 * verifier rejects the proof for a changed public output. (Development SRS with a known secret.)
 */
class PlonkProverTest {

    private static GadgetProgram smallModel() {
        GadgetProgram.Builder b = GadgetProgram.builder("small");
        int[] x = b.input("x", new int[] {3}, true, Interval.signedBits(5));
        int[][] xs = {x, x};
        int[][] ws = {b.constants(new long[] {3, -2, 1}, true), b.constants(new long[] {-1, 4, 2}, true)};
        int[] acc = b.dot("small:1", xs, ws, b.constants(new long[] {2, -3}, true));
        int[] y = b.rescale("small:2", acc, 2, Interval.signedBits(6));
        int[] relu = b.max("small:3", y, b.constants(new long[2], true));
        long[] square = new long[32];
        for (int i = 0; i < square.length; i++) {
            square[i] = (long) i * i / 8;
        }
        int t = b.table(new LookupTable("sq", 0, square));
        int[] f = b.lookup("small:4", t, relu);
        b.output("y", new int[] {2}, f, true);
        return b.build();
    }

    @Test
    void provesAndVerifiesUnderBothVariants() {
        for (PlonkBackend backend : new PlonkBackend[] {PlonkBackend.vanilla(), PlonkBackend.withLookupTable()}) {
            CompiledCircuit cc = backend.layout(smallModel(), LayoutOptions.defaults().withTableBits(4));
            CompiledCircuit.WitnessResult w = cc.witness(Map.of("x", new long[] {11, -7, 4}));
            ConstraintSystem cs = cc.constraintSystem();
            MockProver.assertSatisfied(cs, w.witness());
            Keys keys = Setup.run(cs, DevSrs.generate(cs.rows() + 1, DevSrs.tau(7)));
            Proof proof = Prover.prove(keys.pk(), w.witness(), new SecureRandom());
            assertTrue(Verifier.verify(keys.vk(), proof), backend.name() + ": honest proof rejected");
            List<Fr> publicValues = new ArrayList<>();
            for (long v : w.instance()) {
                publicValues.add(Fr.of(v));
            }
            assertEquals(List.of(publicValues), proof.instances());
            List<Fr> changed = new ArrayList<>(publicValues);
            int last = changed.size() - 1;
            changed.set(last, changed.get(last).add(Fr.ONE));
            assertFalse(Verifier.verify(keys.vk(), proof, List.of(changed)), backend.name() + ": changed output accepted");
        }
    }
}
