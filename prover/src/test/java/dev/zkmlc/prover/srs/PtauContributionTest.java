package dev.zkmlc.prover.srs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.curve.G2Affine;
import dev.zkmlc.prover.pairing.Pairing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.engines.ChaCha7539Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtauContributionTest {
    @Test
    void chachaIsTheRfc7539KeyStreamOfTheSeedWithAZeroNonce() {
        qt().withExamples(20).forAll(integers().all(), integers().all()).checkAssert((a, b) -> {
            int[] seed = {a, b, a ^ 0x5a5a5a5a, b * 31, 7, -1, a + b, 0};
            ByteBuffer key = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
            for (int w : seed) {
                key.putInt(w);
            }
            ChaCha7539Engine bc = new ChaCha7539Engine();
            bc.init(true, new ParametersWithIV(new KeyParameter(key.array()), new byte[12]));
            byte[] stream = new byte[3 * 64];
            bc.processBytes(new byte[stream.length], 0, stream.length, stream, 0);
            ByteBuffer expected = ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN);
            ChaChaRng rng = new ChaChaRng(seed);
            for (int i = 0; i < 48; i++) {
                assertEquals(expected.getInt(), rng.nextU32());
            }
        });
    }

    @Test
    void hashToG2LandsInG2AndDependsOnTheHash() {
        byte[] h = PtauContribution.blake2b(new byte[] {1, 2, 3});
        G2Affine p = PtauContribution.hashToG2(h);
        assertEquals(p, G2Affine.of(p.x, p.y), "on the twist and in the order-r subgroup");
        assertEquals(p, PtauContribution.hashToG2(h.clone()));
        h[0] ^= 1;
        assertFalse(p.equals(PtauContribution.hashToG2(h)));
    }

    @Test
    void thePublicKeyProvesKnowledgeOfTheSecretAsSnarkjsChecksIt() {
        byte[] challenge = PtauContribution.firstChallenge(3);
        Fr x = DevSrs.tau(11);
        PtauContribution.PublicKey k = PtauContribution.publicKey(0, challenge, x, DevSrs.tau(12));
        G2Affine sp = PtauContribution.g2sp(0, challenge, k.g1s(), k.g1sx());
        assertTrue(sameRatio(k.g1s(), k.g1sx(), sp, k.g2spx()));
        G2Affine otherSp = PtauContribution.g2sp(1, challenge, k.g1s(), k.g1sx());
        assertFalse(sameRatio(k.g1s(), k.g1sx(), otherSp, k.g2spx()), "bound to the personalisation");
    }

    private static boolean sameRatio(G1Affine a, G1Affine b, G2Affine c, G2Affine d) {
        return Pairing.pairingProductIsOne(List.of(a, b.neg()), List.of(d, c));
    }

    @Test
    void developmentFilesAreDeterministicAndNamedAsDevelopment(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.ptau");
        Path b = dir.resolve("b.ptau");
        PtauFile.writeDevelopment(a, 3, 5);
        PtauFile.writeDevelopment(b, 3, 5);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertTrue(PtauFile.read(a, 9).development);
    }

    @Test
    void theContributionNameIsReadFromTheLastRecord() {
        assertNull(PtauContribution.lastName(new byte[4]));
        byte[] challenge = new byte[64];
        PtauContribution.PublicKey k = PtauContribution.publicKey(0, challenge, Fr.of(3), Fr.of(5));
        PtauContribution.PublicKey[] keys = {k, k, k};
        byte[] first = PtauContribution.encode(Fr.of(2), Fr.of(3), Fr.of(4), keys, challenge, challenge, "ceremony");
        byte[] second = PtauContribution.encode(Fr.of(2), Fr.of(3), Fr.of(4), keys, challenge, challenge,
                PtauContribution.DEVELOPMENT_NAME);
        assertEquals("ceremony", PtauContribution.lastName(section(first)));
        assertEquals(PtauContribution.DEVELOPMENT_NAME, PtauContribution.lastName(section(first, second)));
        assertEquals("ceremony", PtauContribution.lastName(section(second, first)));
        byte[] truncated = Arrays.copyOf(section(first), 100);
        try {
            PtauContribution.lastName(truncated);
            throw new AssertionError("a truncated record was accepted");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("truncated"));
        }
    }

    private static byte[] section(byte[]... records) {
        int size = 4 + Arrays.stream(records).mapToInt(r -> r.length).sum();
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).putInt(records.length);
        for (byte[] r : records) {
            b.put(r);
        }
        return b.array();
    }
}
