package dev.zkmlc.prover.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.prover.curve.G1;
import dev.zkmlc.prover.curve.G1Affine;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

class TranscriptTest {
    @Test
    void keccakIsEthereumsKeccak256() {
        // Keccak-256 of the empty string (not SHA3-256, whose padding differs).
        assertEquals("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
                HexFormat.of().formatHex(Transcript.keccak(new byte[0])));
    }

    @Test
    void challengesAreDeterministicAndDependOnEverythingAbsorbed() {
        qt().withExamples(100).forAll(SourceDSL.longs().all(), SourceDSL.longs().all()).checkAssert((a, b) -> {
            Transcript t1 = new Transcript("test");
            Transcript t2 = new Transcript("test");
            t1.absorb(Fr.of(a));
            t2.absorb(Fr.of(a));
            assertEquals(t1.challenge(), t2.challenge());
            t1.absorb(Fr.of(b));
            t2.absorb(Fr.of(b).add(Fr.ONE));
            assertNotEquals(t1.challenge(), t2.challenge());
        });
    }

    @Test
    void labelsSeparateProtocolsAndConsecutiveChallengesDiffer() {
        Transcript a = new Transcript("one");
        Transcript b = new Transcript("two");
        Fr c1 = a.challenge();
        assertNotEquals(c1, b.challenge());
        assertNotEquals(c1, a.challenge());
    }

    @Test
    void pointsScalarsAndBytesAreTaggedApart() {
        // The scalar 0 and the 32 zero bytes must not absorb the same way.
        Transcript s = new Transcript("t");
        s.absorb(Fr.ZERO);
        Transcript b = new Transcript("t");
        b.absorb(new byte[32]);
        assertNotEquals(s.challenge(), b.challenge());
    }

    @Test
    void writerAndReaderReplayTheSameTranscript() {
        G1Affine p = G1.GENERATOR.mul(BigInteger.valueOf(12345)).toAffine();
        ProofWriter w = new ProofWriter(new Transcript("t"));
        w.write(p);
        Fr c1 = w.challenge();
        w.write(Fr.of(-5));
        Fr c2 = w.challenge();
        byte[] proof = w.toByteArray();
        assertEquals(96, proof.length);

        ProofReader r = new ProofReader(new Transcript("t"), proof);
        assertEquals(p, r.readPoint("p"));
        assertEquals(c1, r.challenge());
        assertEquals(Fr.of(-5), r.readScalar("s"));
        assertEquals(c2, r.challenge());
        r.finish();
    }

    @Test
    void readerRefusesMalformedProofs() {
        ProofReader shortRead = new ProofReader(new Transcript("t"), new byte[10]);
        assertThrows(ProofFormatException.class, () -> shortRead.readPoint("p"));
        byte[] offCurve = new byte[64];
        offCurve[63] = 1; // (0, 1) is not on y² = x³ + 3
        assertThrows(ProofFormatException.class, () -> new ProofReader(new Transcript("t"), offCurve).readPoint("p"));
        byte[] big = new byte[32];
        java.util.Arrays.fill(big, (byte) 0xff); // >= r
        assertThrows(ProofFormatException.class, () -> new ProofReader(new Transcript("t"), big).readScalar("s"));
        ProofReader trailing = new ProofReader(new Transcript("t"), new byte[1]);
        assertThrows(ProofFormatException.class, trailing::finish);
    }
}
