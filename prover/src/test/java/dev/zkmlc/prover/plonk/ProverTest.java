package dev.zkmlc.prover.plonk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.mock.MockProver;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProverTest {
    @Test
    void honestProofVerifies() {
        TestCircuits.Dot c = new TestCircuits.Dot(5, 6);
        Witness w = c.witness(1);
        MockProver.assertSatisfied(c.cs, w);
        Keys keys = Setup.run(c.cs, TestCircuits.srs(5));
        long t0 = System.nanoTime();
        Proof p = Prover.prove(keys.pk(), w, new SecureRandom());
        long t1 = System.nanoTime();
        Verifier.Verdict v = Verifier.check(keys.vk(), p, p.instances());
        long t2 = System.nanoTime();
        System.out.println("prove " + (t1 - t0) / 1e6 + " ms, verify " + (t2 - t1) / 1e6 + " ms, " + p.bytes().length + " bytes");
        assertEquals(new Verifier.Verdict(true, "accepted"), v);
        assertEquals(List.of(List.of(w.get(c.out, 0))), p.instances());
    }

    @Test
    void changedPublicValueIsRejected() {
        TestCircuits.Dot c = new TestCircuits.Dot(5, 6);
        Keys keys = Setup.run(c.cs, TestCircuits.srs(5));
        Proof p = Prover.prove(keys.pk(), c.witness(2), new SecureRandom());
        Fr out = p.instances().get(0).get(0);
        assertFalse(Verifier.verify(keys.vk(), p, List.of(List.of(out.add(Fr.ONE)))));
        assertTrue(Verifier.verify(keys.vk(), p, List.of(List.of(out, Fr.ZERO))));
    }
}
