package dev.zkmlc.prover.plonk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.cs.Witness;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * A proving key with base tables of its SRS (msm.BaseTable) commits through them: same verifying key and, with the
 * same random source, byte for byte the same proof as a key without; the proof verifies and a changed one does not.
 * 2^11 rows, so that the full-size columns (running sums, grand products, quotient pieces) take the tabled path.
 */
class BaseTableProofTest {
    @Test
    void tablesChangeNothingButTheWork() throws Exception {
        TestCircuits.Dot dot = new TestCircuits.Dot(11, 300);
        var srs = TestCircuits.srs(11);
        Keys with = Setup.run(dot.cs, srs, true);
        Keys without = Setup.run(dot.cs, srs, false);
        assertTrue(with.pk().srs().powersTable().isPresent() && with.pk().srs().lagrangeTable(11).isPresent());
        assertFalse(without.pk().srs().powersTable().isPresent());
        assertEquals(without.vk(), with.vk());
        Witness w = dot.witness(3);
        byte[][] proofs = new byte[2][];
        Proof tabled = null;
        for (int i = 0; i < 2; i++) {
            SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
            seeded.setSeed(99);
            Proof p = Prover.prove((i == 0 ? with : without).pk(), w, seeded);
            proofs[i] = p.bytes();
            if (i == 0) {
                tabled = p;
            }
        }
        assertArrayEquals(proofs[1], proofs[0]);
        assertTrue(Verifier.check(with.vk(), tabled, tabled.instances()).accepted());
        byte[] bad = tabled.bytes().clone();
        bad[bad.length / 2] ^= 1;
        Proof tampered = new Proof(tabled.vkDigest(), tabled.instances(), bad);
        assertFalse(Verifier.check(with.vk(), tampered, tampered.instances()).accepted());
    }
}
