package dev.zkmlc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.prover.artifact.KeyCodec;
import dev.zkmlc.prover.artifact.ProofCodec;
import dev.zkmlc.prover.plonk.Keys;
import dev.zkmlc.prover.plonk.Prover;
import dev.zkmlc.prover.plonk.Setup;
import dev.zkmlc.prover.srs.DevSrs;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierTest {
    static byte[] vkBytes;
    static byte[] proofBytes;

    /** A product circuit, c = a·b with c public, keyed from a development SRS and proved once. */
    @BeforeAll
    static void proveOnce() {
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        Column a = b.advice("a");
        Column bb = b.advice("b");
        Column c = b.advice("c");
        Column q = b.fixed("q");
        Column out = b.instance("out");
        b.enableEquality(c).enableEquality(out);
        b.gate("mul", q.cur().times(a.cur().times(bb.cur()).minus(c.cur())));
        b.fixed(q, 0, 1);
        b.region("mul", "test", 0, 1);
        b.copy(c, 0, out, 0);
        ConstraintSystem cs = b.k(4).build();
        Keys keys = Setup.run(cs, DevSrs.generate((1 << 4) + 1, DevSrs.tau(7)));
        Witness w = Witness.builder().set(a, 0, 6).set(bb, 0, 7).set(c, 0, 42).set(out, 0, 42).build();
        vkBytes = KeyCodec.encodeVerifyingKey(keys.vk());
        proofBytes = ProofCodec.encode(Prover.prove(keys.pk(), w, new SecureRandom()));
    }

    @Test
    void verifiesAProofWithTheKeyFromTheClasspath(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("zkmlc/product"));
        Files.write(dir.resolve("zkmlc/product/vk.bin"), vkBytes);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            Verifier verifier = Verifier.load("zkmlc/product/vk.bin", loader);
            assertTrue(verifier.verify(proofBytes).accepted());
            assertTrue(verifier.development());
            assertEquals("classpath:zkmlc/product/vk.bin", verifier.source());
        }
    }

    @Test
    void rejectsEveryFlippedByteOfTheProof() {
        Verifier verifier = Verifier.fromBytes(vkBytes, "vk");
        for (int i = 0; i < proofBytes.length; i += 31) {
            byte[] tampered = proofBytes.clone();
            tampered[i] ^= 1;
            assertFalse(verifier.verify(tampered).accepted(), "byte " + i);
        }
    }

    @Test
    void answersForAnyBytes() {
        Verifier verifier = Verifier.fromBytes(vkBytes, "vk");
        Verifier.Result r = verifier.verify(new byte[] {1, 2, 3});
        assertFalse(r.accepted());
        assertFalse(r.reason().isEmpty());
        assertFalse(verifier.verify((byte[]) null).accepted());
    }

    @Test
    void aMissingOrMalformedKeyIsOneClearMessage(@TempDir Path dir) throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            VerifierException e = assertThrows(VerifierException.class, () -> Verifier.load("zkmlc/none/vk.bin", empty));
            assertTrue(e.getMessage().startsWith("zkmlc/none/vk.bin: no such resource"), e.getMessage());
        }
        VerifierException bad = assertThrows(VerifierException.class, () -> Verifier.fromBytes(proofBytes, "x.bin"));
        assertTrue(bad.getMessage().contains("x.bin"), bad.getMessage());
    }
}
