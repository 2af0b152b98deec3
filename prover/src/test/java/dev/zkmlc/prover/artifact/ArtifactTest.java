package dev.zkmlc.prover.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.prover.msm.BaseTable;
import dev.zkmlc.prover.plonk.Keys;
import dev.zkmlc.prover.plonk.Proof;
import dev.zkmlc.prover.plonk.Prover;
import dev.zkmlc.prover.plonk.ProvingKey;
import dev.zkmlc.prover.plonk.Setup;
import dev.zkmlc.prover.plonk.Verifier;
import dev.zkmlc.prover.plonk.VerifyingKey;
import dev.zkmlc.prover.srs.DevSrs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key and proof files: round trips, and clear refusals of anything malformed. */
class ArtifactTest {
    static Column a;
    static Column b;
    static Column c;
    static Column out;
    static Keys keys;
    static Proof proof;

    /** c = a·b on four rows, a in 0..7 by lookup, a big fixed constant, c@3 copied to the public output. */
    @BeforeAll
    static void setUp() {
        ConstraintSystemBuilder bld = ConstraintSystem.builder();
        a = bld.advice("a");
        b = bld.advice("b");
        c = bld.advice("c");
        Column q = bld.fixed("q");
        Column t = bld.fixed("t");
        Column big = bld.fixed("big");
        out = bld.instance("out");
        bld.enableEquality(c).enableEquality(out);
        bld.gate("mul", q.cur().times(a.cur().times(b.cur()).minus(c.cur()).plus(big.cur().times(Fr.of(3)))));
        bld.lookup("range3", List.of(q.cur().times(a.cur())), List.of(t.cur()));
        for (int row = 0; row < 8; row++) {
            bld.fixed(t, row, row);
        }
        for (int row = 0; row < 4; row++) {
            bld.fixed(q, row, 1);
        }
        bld.fixed(big, 5, Fr.of(2).pow(200));
        bld.copy(c, 3, out, 0);
        ConstraintSystem cs = bld.k(4).build();
        keys = Setup.run(cs, DevSrs.generate(17, DevSrs.tau(3)), true); // with base tables, to read them back
        Witness.Builder w = Witness.builder();
        for (int row = 0; row < 4; row++) {
            w.set(a, row, row + 2).set(b, row, -row).set(c, row, (long) (row + 2) * -row);
        }
        w.set(out, 0, 5 * -3);
        proof = Prover.prove(keys.pk(), w.build(), new SecureRandom());
    }

    @Test
    void keysAndProofsRoundTripThroughFiles(@TempDir Path dir) throws IOException {
        KeyCodec.writeVerifyingKey(keys.vk(), dir.resolve("vk.bin"));
        KeyCodec.writeProvingKey(keys.pk(), dir.resolve("pk.bin"));
        ProofCodec.write(proof, dir.resolve("proof.bin"));
        VerifyingKey vk = KeyCodec.readVerifyingKey(dir.resolve("vk.bin"));
        ProvingKey pk = KeyCodec.readProvingKey(dir.resolve("pk.bin"));
        Proof p = ProofCodec.read(dir.resolve("proof.bin"));
        assertEquals(keys.vk(), vk);
        assertTrue(pk.srs().hasLagrangeBasis(4)); // kept, so columns are still committed from their values
        // And the base tables of the SRS, so full-size MSMs still go through them.
        assertTrue(pk.srs().powersTable().isPresent() && pk.srs().lagrangeTable(4).isPresent());
        assertArrayEquals(keys.vk().circuitHash(), pk.vk().circuitHash());
        assertArrayEquals(KeyCodec.circuitHash(keys.pk().constraintSystem()), KeyCodec.circuitHash(pk.constraintSystem()));
        assertTrue(Verifier.verify(vk, p));
        assertEquals(List.of(List.of(Fr.of(-15))), p.instances());
        // A proof made with the decoded proving key verifies under the original verifying key.
        Witness.Builder w = Witness.builder();
        for (int row = 0; row < 4; row++) {
            w.set(a, row, 1).set(b, row, row).set(c, row, row);
        }
        w.set(out, 0, 3);
        assertTrue(Verifier.verify(keys.vk(), Prover.prove(pk, w.build(), new SecureRandom())));
    }

    @Test
    void jsonFormCarriesThePublicValues() {
        String json = ProofCodec.toJson(proof);
        assertTrue(json.contains("\"public_values\": [[\"-15\"]]"), json);
        assertTrue(json.contains("\"format\": \"zkmlc-proof\""), json);
    }

    @Test
    void jsonFormRoundTrips() {
        Proof p = ProofCodec.fromJson(ProofCodec.toJson(proof), "proof.json");
        assertArrayEquals(proof.bytes(), p.bytes());
        assertEquals(proof.instances(), p.instances());
        assertTrue(Verifier.verify(keys.vk(), p));
        String json = ProofCodec.toJson(proof);
        assertMessage("not a zkmlc proof", () -> ProofCodec.fromJson("[1, 2]", "proof.json"));
        for (int len = 0; len < json.trim().length(); len += 7) {
            String cut = json.substring(0, len);
            assertThrows(ArtifactFormatException.class, () -> ProofCodec.fromJson(cut, "proof.json"));
        }
        assertMessage("not valid hex", () -> ProofCodec.fromJson(json.replace("\"proof\": \"", "\"proof\": \"zz"), "proof.json"));
        assertMessage("version 2", () -> ProofCodec.fromJson(json.replace("\"version\": 1", "\"version\": 2"), "proof.json"));
        assertMessage("not a decimal", () -> ProofCodec.fromJson(json.replace("\"-15\"", "\"x\""), "proof.json"));
        assertFalse(Verifier.verify(keys.vk(), ProofCodec.fromJson(json.replace("\"-15\"", "\"-16\""), "proof.json")));
    }

    @Test
    void readersRefuseBadMagicAndVersion() {
        byte[] vk = KeyCodec.encodeVerifyingKey(keys.vk());
        byte[] pf = ProofCodec.encode(proof);
        assertMessage("not a zkmlc verifying key (bad magic)", () -> KeyCodec.decodeVerifyingKey(pf, "vk.bin"));
        assertMessage("not a zkmlc proof (bad magic)", () -> ProofCodec.decode(vk, "proof.bin"));
        assertMessage("not a zkmlc proving key (bad magic)", () -> KeyCodec.decodeProvingKey(vk, "pk.bin"));
        byte[] v2 = vk.clone();
        v2[9] = 9;
        assertMessage("format version 9 is not supported", () -> KeyCodec.decodeVerifyingKey(v2, "vk.bin"));
        assertMessage("bad magic", () -> ProofCodec.decode(new byte[0], "proof.bin"));
    }

    @Test
    void everyTruncationIsRefusedWithAMessage() {
        byte[] vk = KeyCodec.encodeVerifyingKey(keys.vk());
        for (int len = 0; len < vk.length; len++) {
            byte[] cut = Arrays.copyOf(vk, len);
            assertThrows(ArtifactFormatException.class, () -> KeyCodec.decodeVerifyingKey(cut, "vk.bin"));
        }
        byte[] pf = ProofCodec.encode(proof);
        for (int len = 0; len < pf.length; len++) {
            byte[] cut = Arrays.copyOf(pf, len);
            assertThrows(ArtifactFormatException.class, () -> ProofCodec.decode(cut, "proof.bin"));
        }
        byte[] pk = KeyCodec.encodeProvingKey(keys.pk());
        // Every 97th length up to the fixed-like polynomials at the end (plain limbs), then a few inside them.
        int polyStart = pk.length - 4 - keys.vk().fixedLikePolynomials()
                * (keys.pk().constraintSystem().rows() + keys.vk().cosetSize()) * 32;
        for (int len = 0; len < pk.length; len = len < polyStart ? len + 97 : len + (pk.length - polyStart) / 7) {
            byte[] cut = Arrays.copyOf(pk, len);
            assertThrows(ArtifactFormatException.class, () -> KeyCodec.decodeProvingKey(cut, "pk.bin"));
        }
        byte[] longer = Arrays.copyOf(pf, pf.length + 1);
        assertMessage("trailing bytes", () -> ProofCodec.decode(longer, "proof.bin"));
    }

    /** A flipped byte anywhere in the proof file: refused while reading, or the proof is rejected. */
    @Test
    void flippedBytesInTheProofFileAreRejected() {
        byte[] pf = ProofCodec.encode(proof);
        SplittableRandom r = new SplittableRandom(11);
        for (int pos = 0; pos < pf.length; pos += 1 + r.nextInt(24)) {
            byte[] bad = pf.clone();
            bad[pos] ^= (byte) (1 + r.nextInt(255));
            assertFalse(readAndVerify(keys.vk(), bad), "flip at byte " + pos);
        }
    }

    /** A flipped byte anywhere in the verifying key: refused while reading, or the proof is rejected. */
    @Test
    void flippedBytesInTheVerifyingKeyAreRejected() {
        byte[] vk = KeyCodec.encodeVerifyingKey(keys.vk());
        SplittableRandom r = new SplittableRandom(12);
        for (int pos = 0; pos < vk.length; pos += 1 + r.nextInt(24)) {
            byte[] bad = vk.clone();
            bad[pos] ^= (byte) (1 + r.nextInt(255));
            VerifyingKey decoded;
            try {
                decoded = KeyCodec.decodeVerifyingKey(bad, "vk.bin");
            } catch (ArtifactFormatException e) {
                continue;
            }
            assertFalse(Verifier.verify(decoded, proof), "flip at byte " + pos);
        }
    }

    @Test
    void provingKeyWithAlteredContentIsRefused() {
        byte[] pk = KeyCodec.encodeProvingKey(keys.pk());
        // The file ends with the fixed-like polynomials (coefficients, coset evaluations) and their CRC-32C.
        int polyBytes = keys.vk().fixedLikePolynomials() * (keys.pk().constraintSystem().rows() + keys.vk().cosetSize())
                * 32 + 4;
        // Before them, the base tables of the SRS's G1 powers and Lagrange basis (windows 1 and up, 64 bytes a point),
        // after their shape (two bytes).
        int rows = keys.pk().constraintSystem().rows();
        int tableBytes = 64 * (BaseTable.WINDOWS - 1) * (keys.pk().srs().size() + rows);
        byte[] badTable = pk.clone();
        badTable[badTable.length - polyBytes - tableBytes / 3] ^= 1;
        assertMessage("checksum", () -> KeyCodec.decodeProvingKey(badTable, "pk.bin"));
        int basisEnd = polyBytes + tableBytes + 2;
        byte[] bad = pk.clone();
        bad[bad.length - basisEnd - 70] ^= 1; // inside the last Lagrange basis point
        assertThrows(ArtifactFormatException.class, () -> KeyCodec.decodeProvingKey(bad, "pk.bin"));
        for (int at : new int[] {polyBytes - 1, polyBytes / 2, 5}) {
            byte[] badPoly = pk.clone();
            badPoly[badPoly.length - at] ^= 4;
            assertMessage("checksum", () -> KeyCodec.decodeProvingKey(badPoly, "pk.bin"));
        }
        // Two Lagrange basis points swapped: each is a valid point, the basis as a whole is not.
        byte[] swapped = pk.clone();
        int last = pk.length - basisEnd - 64;
        System.arraycopy(pk, last - 64, swapped, last, 64);
        System.arraycopy(pk, last, swapped, last - 64, 64);
        assertMessage("Lagrange basis", () -> KeyCodec.decodeProvingKey(swapped, "pk.bin"));
    }

    /**
     * The key's circuit and SRS hashes are checked over the bytes as they stand in the file: a fixed value or an
     * SRS power replaced by another well-formed one is refused by the hash, from memory and from a file alike.
     */
    @Test
    void provingKeyWithAnotherCircuitOrSrsInsideIsRefusedByItsHashes(@TempDir Path dir) throws IOException {
        byte[] pk = KeyCodec.encodeProvingKey(keys.pk());
        int vkLength = java.nio.ByteBuffer.wrap(pk).getInt(8 + 2 + 32 + 32);
        int fixedStart = 8 + 2 + 32 + 32 + 4 + vkLength;
        // The first fixed column (q): its row count, then row 0 as a tag (0: small) and a big-endian i64.
        assertEquals(0, pk[fixedStart + 4]);
        byte[] otherValue = pk.clone();
        otherValue[fixedStart + 4 + 8] ^= 2;
        assertMessage("circuit in the key does not match its hash", () -> KeyCodec.decodeProvingKey(otherValue, "pk.bin"));
        Path file = dir.resolve("pk.bin");
        Files.write(file, otherValue);
        assertMessage("circuit in the key does not match its hash", () -> KeyCodec.readProvingKey(file));
        // The SRS powers follow the copies, after their count; powers 1 and 2 swapped are both valid points.
        int rows = keys.pk().constraintSystem().rows();
        int powers = keys.pk().srs().size();
        int powersStart = indexOfPowers(pk, fixedStart, powers);
        byte[] swapped = pk.clone();
        System.arraycopy(pk, powersStart + 64, swapped, powersStart + 128, 64);
        System.arraycopy(pk, powersStart + 128, swapped, powersStart + 64, 64);
        assertTrue(rows + 1 == powers);
        assertMessage("SRS in the key does not match its hash", () -> KeyCodec.decodeProvingKey(swapped, "pk.bin"));
    }

    /** Where the SRS powers start: right after the u32 count that equals the number of powers and precedes [1]_1. */
    private static int indexOfPowers(byte[] pk, int from, int powers) {
        byte[] g1 = keys.vk().g1().toUncompressed();
        for (int i = from; i + 4 + 64 <= pk.length; i++) {
            if (java.nio.ByteBuffer.wrap(pk).getInt(i) == powers
                    && Arrays.equals(Arrays.copyOfRange(pk, i + 4, i + 68), g1)) {
                return i + 4;
            }
        }
        throw new AssertionError("no SRS powers in the key");
    }

    private static boolean readAndVerify(VerifyingKey vk, byte[] proofFile) {
        Proof p;
        try {
            p = ProofCodec.decode(proofFile, "proof.bin");
        } catch (ArtifactFormatException e) {
            return false;
        }
        return Verifier.verify(vk, p);
    }

    /** The file reader streams the polynomial section; damage there or before it is refused all the same. */
    @Test
    void damagedProvingKeyFilesAreRefused(@TempDir Path dir) throws IOException {
        byte[] pk = KeyCodec.encodeProvingKey(keys.pk());
        int polyBytes = keys.vk().fixedLikePolynomials() * (keys.pk().constraintSystem().rows() + keys.vk().cosetSize())
                * 32 + 4;
        Path file = dir.resolve("pk.bin");
        for (int at : new int[] {1, polyBytes / 3, polyBytes - 2}) {
            byte[] bad = pk.clone();
            bad[bad.length - at] ^= 2;
            Files.write(file, bad);
            assertMessage("checksum", () -> KeyCodec.readProvingKey(file));
        }
        byte[] badPoint = pk.clone();
        badPoint[badPoint.length - polyBytes - 30] ^= 1;
        Files.write(file, badPoint);
        assertThrows(ArtifactFormatException.class, () -> KeyCodec.readProvingKey(file));
        for (int len : new int[] {0, 50, pk.length - polyBytes, pk.length - 1}) {
            Files.write(file, Arrays.copyOf(pk, len));
            assertThrows(ArtifactFormatException.class, () -> KeyCodec.readProvingKey(file));
        }
        byte[] longer = Arrays.copyOf(pk, pk.length + 3);
        Files.write(file, longer);
        assertThrows(ArtifactFormatException.class, () -> KeyCodec.readProvingKey(file));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable run) {
        ArtifactFormatException e = assertThrows(ArtifactFormatException.class, run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void filesFromAnotherCircuitAreRefusedAsSuch(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("x"), new byte[] {1, 2, 3});
        assertMessage("bad magic", () -> KeyCodec.readVerifyingKey(dir.resolve("x")));
    }
}
