package dev.zkmlc.prover.plonk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.cs.Lookup;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.mock.MockProver;
import dev.zkmlc.prover.artifact.ArtifactFormatException;
import dev.zkmlc.prover.artifact.KeyCodec;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A table of 0..35 laid out in segments (six of six rows in columns t0..t5 unless said otherwise), looked up by
 * two lookups (x and y, which share the table); x[0] is copied to the public output. The proof carries a
 * multiplicity column per segment past the first, and one running sum ψ per group of them (here the circuit's
 * degree 5 fits three segments per group: segments 1-3 and 4-5).
 */
class SegmentedLookupTest {
    static final int VALUES = 36;
    static final int LEN = 6;

    /** The circuit with the table in the given number of segments. */
    static final class Split {
        final ConstraintSystem cs;
        final Column x, y, out;

        Split(int segments, int k) {
            ConstraintSystemBuilder b = ConstraintSystem.builder();
            x = b.advice("x");
            y = b.advice("y");
            Column q = b.fixed("q");
            out = b.instance("out");
            b.enableEquality(x).enableEquality(out);
            List<List<Expression>> table = rangeTable(b, VALUES, segments);
            b.lookup(new Lookup("x < 36", List.of(q.cur().times(x.cur())), table));
            b.lookup(new Lookup("y < 36", List.of(q.cur().times(y.cur())), table));
            for (int r = 0; r < LEN; r++) {
                b.fixed(q, r, 1);
            }
            b.copy(x, 0, out, 0);
            cs = b.k(k).build();
        }

        Witness witness(long[] xs, long[] ys) {
            Witness.Builder w = Witness.builder();
            for (int r = 0; r < LEN; r++) {
                w.set(x, r, xs[r]).set(y, r, ys[r]);
            }
            return w.set(out, 0, xs[0]).build();
        }
    }

    // 30 and 35 are only in the last segment, 13 only in the middle ones; 0 is in every segment (padding rows).
    static final long[] XS = {30, 0, 13, 35, 7, 30};
    static final long[] YS = {1, 24, 0, 0, 11, 12};

    static Split split;
    static Keys keys;

    @BeforeAll
    static void setUp() {
        split = new Split(6, 5);
        keys = Setup.run(split.cs, TestCircuits.srs(5));
    }

    private static Proof prove(Witness w) {
        return Prover.prove(keys.pk(), w, new SecureRandom());
    }

    @Test
    void aTableInThreeSegmentsProvesAndVerifies() {
        Split three = new Split(3, 5);
        Keys k = Setup.run(three.cs, TestCircuits.srs(5));
        Witness w = three.witness(XS, YS);
        assertEquals(List.of(), MockProver.check(three.cs, w));
        assertTrue(Verifier.verify(k.vk(), Prover.prove(k.pk(), w, new SecureRandom())));
        Argument arg = k.vk().argument();
        assertEquals(1, arg.tableCount);
        assertEquals(2, arg.extraCount);
        assertEquals(1, arg.groupCount);
    }

    @Test
    void aTableInSixSegmentsProvesWithTwoRunningSumsAndNoHigherDegree() {
        Witness w = split.witness(XS, YS);
        assertEquals(List.of(), MockProver.check(split.cs, w));
        assertTrue(Verifier.verify(keys.vk(), prove(w)));
        Argument arg = keys.vk().argument();
        assertEquals(5, arg.extraCount);
        assertEquals(2, arg.groupCount);
        assertArrayEquals(new int[] {0, 1, 2}, arg.groupMembers[0]);
        assertArrayEquals(new int[] {3, 4}, arg.groupMembers[1]);
        assertEquals(new Split(1, 6).cs.degree(), arg.degree);
        assertEquals(split.cs.degree(), arg.degree);
    }

    @Test
    void theSameCircuitWithOneSegmentProves() {
        Split one = new Split(1, 6);
        Keys k = Setup.run(one.cs, TestCircuits.srs(6));
        assertEquals(0, k.vk().argument().extraCount);
        assertEquals(0, k.vk().argument().groupCount);
        assertTrue(Verifier.verify(k.vk(), Prover.prove(k.pk(), one.witness(XS, YS), new SecureRandom())));
        // Without split tables the keys keep the format they had before tables could be split (with a flag per
        // lookup, as x and y share the table), and each circuit has one encoding: the same bytes labelled with the
        // versions for split tables are refused.
        byte[] vk = KeyCodec.encodeVerifyingKey(k.vk());
        assertEquals(KeyCodec.VERSION_SHARED, version(vk));
        vk[9] = (byte) KeyCodec.VERSION_SHARED_SEGMENTED;
        assertThrows(ArtifactFormatException.class, () -> KeyCodec.decodeVerifyingKey(vk, "vk"));
        byte[] pk = KeyCodec.encodeProvingKey(k.pk());
        assertEquals(KeyCodec.PK_VERSION_SHARED, version(pk));
        pk[9] = (byte) KeyCodec.PK_VERSION_SHARED_SEGMENTED;
        ArtifactFormatException e = assertThrows(ArtifactFormatException.class, () -> KeyCodec.decodeProvingKey(pk, "pk"));
        assertTrue(e.getMessage().contains("proving key format version 6 around a verifying key of format version 4"),
                e.getMessage());
    }

    @Test
    void aValueInNoSegmentIsRefusedByTheProverAndRejectedByTheVerifier() {
        long[] ys = YS.clone();
        ys[4] = 36;
        Witness w = split.witness(XS, ys);
        ProverException e = assertThrows(ProverException.class, () -> prove(w));
        assertEquals("lookup 'y < 36': the input at row 4 is not in the table; run the mock prover for the values",
                e.getMessage());
        assertFalse(Verifier.verify(keys.vk(), Prover.proveWithoutChecks(keys.pk(), w, new SecureRandom())));
        ys[4] = -1;
        assertFalse(Verifier.verify(keys.vk(), Prover.proveWithoutChecks(keys.pk(), split.witness(XS, ys),
                new SecureRandom())));
    }

    @Test
    void tupleLookupsIntoSegmentsProveAndAWrongPairIsRejected() {
        // (v, v²) for v in 0..15, in two segments of eight rows; looked up with degree-2 inputs (q·a, q·sq).
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        Column a = b.advice("a");
        Column sq = b.advice("sq");
        Column q = b.fixed("q");
        List<List<Expression>> segments = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            Column v = b.fixed("v" + s);
            Column v2 = b.fixed("v2_" + s);
            for (int r = 0; r < 8; r++) {
                b.fixed(v, r, 8 * s + r).fixed(v2, r, (long) (8 * s + r) * (8 * s + r));
            }
            segments.add(List.of(v.cur(), v2.cur()));
        }
        b.lookup(new Lookup("square", List.of(q.cur().times(a.cur()), q.cur().times(sq.cur())), segments));
        for (int r = 0; r < 4; r++) {
            b.fixed(q, r, 1);
        }
        ConstraintSystem cs = b.k(4).build();
        Keys k = Setup.run(cs, TestCircuits.srs(4));
        long[] as = {3, 12, 15, 8};
        long[] squares = {9, 144, 225, 64};
        assertTrue(Verifier.verify(k.vk(), Prover.prove(k.pk(), pairs(a, sq, as, squares), new SecureRandom())));
        // (12, 144) is in segment 1, 145 in no segment: (12, 145) is not in the table.
        squares[1] = 145;
        Witness bad = pairs(a, sq, as, squares);
        assertThrows(ProverException.class, () -> Prover.prove(k.pk(), bad, new SecureRandom()));
        assertFalse(Verifier.verify(k.vk(), Prover.proveWithoutChecks(k.pk(), bad, new SecureRandom())));
    }

    private static Witness pairs(Column a, Column sq, long[] as, long[] squares) {
        Witness.Builder w = Witness.builder();
        for (int r = 0; r < as.length; r++) {
            w.set(a, r, as[r]).set(sq, r, squares[r]);
        }
        return w.build();
    }

    /** Offsets of the proof's parts, in the order the prover writes them (docs/prover.md). */
    private static final int POINT = 64;
    private static final int SCALAR = 32;

    /** The i-th multiplicity commitment: 0 for the table's segment 0, then segments 1, 2, ... */
    private static int multiplicityAt(Argument arg, int i) {
        return (arg.adviceCount + i) * POINT;
    }

    private static int segmentSumAt(Argument arg, int g) {
        return (arg.adviceCount + arg.tableCount + arg.extraCount + arg.chunks + arg.tableCount + arg.helperCount + g) * POINT;
    }

    private static int evaluationAt(Argument arg, Query q) {
        int before = arg.adviceCount + arg.tableCount + arg.extraCount + arg.chunks + arg.tableCount + arg.helperCount
                + arg.groupCount + arg.quotientChunks;
        return before * POINT + arg.queries.indexOf(q) * SCALAR;
    }

    private static boolean acceptsWith(Proof p, byte[] bytes) {
        Verifier.Verdict v = Verifier.check(keys.vk(), new Proof(p.vkDigest(), p.instances(), bytes), p.instances());
        assertFalse(v.reason().startsWith("verifier error"), v.reason());
        return v.accepted();
    }

    private static byte[] swap(byte[] proof, int a, int b, int size) {
        byte[] out = proof.clone();
        System.arraycopy(proof, a, out, b, size);
        System.arraycopy(proof, b, out, a, size);
        return out;
    }

    @Test
    void tamperedSegmentCommitmentsAndEvaluationsAreRejected() {
        Proof p = prove(split.witness(XS, YS));
        Argument arg = keys.vk().argument();
        byte[] bytes = p.bytes();
        assertTrue(acceptsWith(p, bytes));
        // The proof is as long as the layout these offsets follow says (two opening witnesses at the end).
        assertEquals(arg.adviceCount + arg.tableCount + arg.extraCount + arg.chunks + arg.tableCount + arg.helperCount
                + arg.groupCount + arg.quotientChunks, (bytes.length - arg.queries.size() * SCALAR - 2 * POINT) / POINT);

        // Multiplicities of segments 1 and 2 swapped (one group), of 3 and 4 (two groups); segment 0's with 3's.
        assertFalse(acceptsWith(p, swap(bytes, multiplicityAt(arg, 1), multiplicityAt(arg, 2), POINT)));
        assertFalse(acceptsWith(p, swap(bytes, multiplicityAt(arg, 3), multiplicityAt(arg, 4), POINT)));
        assertFalse(acceptsWith(p, swap(bytes, multiplicityAt(arg, 0), multiplicityAt(arg, 3), POINT)));
        // The running sums of the two groups swapped.
        assertFalse(acceptsWith(p, swap(bytes, segmentSumAt(arg, 0), segmentSumAt(arg, 1), POINT)));

        for (Query q : List.of(new Query(arg.segmentSum(1), 0), new Query(arg.segmentSum(1), 1),
                new Query(arg.segmentSum(0), 1), new Query(arg.extraMultiplicity(0), 0),
                new Query(arg.extraMultiplicity(4), 0))) {
            assertTrue(arg.queries.contains(q), q.toString());
            int at = evaluationAt(arg, q);
            byte[] bad = bytes.clone();
            byte[] changed = Fr.fromBytesLE(bytes, at).add(Fr.ONE).toBytesLE();
            System.arraycopy(changed, 0, bad, at, SCALAR);
            assertFalse(acceptsWith(p, bad), "evaluation of " + q + " changed");
        }
    }

    /** A segmented verifying key cut short or with a flipped byte: refused while reading, or the proof is rejected. */
    @Test
    void damagedSegmentedVerifyingKeysAreRefusedOrReject() {
        byte[] vk = KeyCodec.encodeVerifyingKey(keys.vk());
        for (int len = 0; len < vk.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(vk, len);
            assertThrows(ArtifactFormatException.class, () -> KeyCodec.decodeVerifyingKey(cut, "vk.bin"));
        }
        Proof p = prove(split.witness(XS, YS));
        java.util.SplittableRandom r = new java.util.SplittableRandom(13);
        for (int pos = 0; pos < vk.length; pos += 1 + r.nextInt(24)) {
            byte[] bad = vk.clone();
            bad[pos] ^= (byte) (1 + r.nextInt(255));
            VerifyingKey decoded;
            try {
                decoded = KeyCodec.decodeVerifyingKey(bad, "vk.bin");
            } catch (ArtifactFormatException e) {
                continue;
            }
            assertFalse(Verifier.verify(decoded, p), "flip at byte " + pos);
        }
    }

    /** The 2-byte format version after a key's 8-byte magic. */
    private static int version(byte[] key) {
        return (key[8] & 0xff) << 8 | (key[9] & 0xff);
    }

    @Test
    void segmentedKeysRoundTripUnderTheirOwnFormatVersion() {
        byte[] vk = KeyCodec.encodeVerifyingKey(keys.vk());
        assertEquals(KeyCodec.VERSION_SHARED_SEGMENTED, version(vk));
        VerifyingKey read = KeyCodec.decodeVerifyingKey(vk, "vk");
        assertEquals(keys.vk(), read);
        assertEquals(split.cs.lookups(), read.shape().lookups());
        byte[] pk = KeyCodec.encodeProvingKey(keys.pk());
        assertEquals(KeyCodec.PK_VERSION_SHARED_SEGMENTED, version(pk));
        ProvingKey readPk = KeyCodec.decodeProvingKey(pk, "pk");
        byte[] relabelled = vk.clone();
        relabelled[9] = (byte) KeyCodec.VERSION_SHARED;
        assertThrows(ArtifactFormatException.class, () -> KeyCodec.decodeVerifyingKey(relabelled, "vk"));
        assertArrayEquals(pk, KeyCodec.encodeProvingKey(readPk));
        assertTrue(Verifier.verify(read, Prover.prove(readPk, split.witness(XS, YS), new SecureRandom())));
    }

    /** The values 0..values-1 as a one-column table spread over {@code segments} fixed columns t0, t1, ... */
    static List<List<Expression>> rangeTable(ConstraintSystemBuilder b, int values, int segments) {
        int rows = (values + segments - 1) / segments;
        List<List<Expression>> table = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            Column t = b.fixed("t" + s);
            for (int r = 0; r < rows && s * rows + r < values; r++) {
                b.fixed(t, r, s * rows + r);
            }
            table.add(List.of(t.cur()));
        }
        return table;
    }
}
