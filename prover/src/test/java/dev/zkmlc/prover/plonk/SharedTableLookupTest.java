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
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Several lookups into one table (0..35, in one or more segments), each of the halo2-style form q·x with a
 * selector q: the table's first lookup carries its one running sum φ, the others are summed in helper columns
 * h, two to a column at degree 5 (a last odd one alone). x0 is copied to the public output.
 */
class SharedTableLookupTest {
    static final int VALUES = 36;
    static final int LEN = 6;

    /** The circuit: {@code lookups} lookups into the table in {@code segments} segments; inputs q·x_i or x_i. */
    static final class Shared {
        final ConstraintSystem cs;
        final Column[] xs;
        final Column out;

        Shared(int lookups, int segments, boolean selected, int k) {
            ConstraintSystemBuilder b = ConstraintSystem.builder();
            xs = new Column[lookups];
            for (int i = 0; i < lookups; i++) {
                xs[i] = b.advice("x" + i);
            }
            Column q = b.fixed("q");
            out = b.instance("out");
            b.enableEquality(xs[0]).enableEquality(out);
            List<List<Expression>> table = SegmentedLookupTest.rangeTable(b, VALUES, segments);
            for (int i = 0; i < lookups; i++) {
                Expression input = selected ? q.cur().times(xs[i].cur()) : xs[i].cur();
                b.lookup(new Lookup("x" + i + " < 36", List.of(input), table));
            }
            for (int r = 0; r < LEN; r++) {
                b.fixed(q, r, 1);
            }
            b.copy(xs[0], 0, out, 0);
            cs = b.k(k).build();
        }

        /** Row r of lookup i holds (7·i + 5·r) mod 36: every lookup reads other values. */
        Witness witness() {
            Witness.Builder w = Witness.builder();
            for (int i = 0; i < xs.length; i++) {
                for (int r = 0; r < LEN; r++) {
                    w.set(xs[i], r, value(i, r));
                }
            }
            return w.set(out, 0, value(0, 0)).build();
        }

        static long value(int i, int r) {
            return (7L * i + 5L * r) % VALUES;
        }

        Witness witnessWith(int lookup, int row, long v) {
            Witness.Builder w = Witness.builder();
            for (int i = 0; i < xs.length; i++) {
                for (int r = 0; r < LEN; r++) {
                    w.set(xs[i], r, i == lookup && r == row ? v : value(i, r));
                }
            }
            return w.set(out, 0, lookup == 0 && row == 0 ? v : value(0, 0)).build();
        }
    }

    private static Proof prove(Keys k, Witness w) {
        return Prover.prove(k.pk(), w, new SecureRandom());
    }

    @Test
    void oddAndEvenCountsOfLookupsIntoOneTableProveWithOneRunningSumAndHelperPairs() {
        for (int lookups : new int[] {2, 3, 4, 5}) {
            for (int segments : new int[] {1, 3}) {
                Shared c = new Shared(lookups, segments, true, segments == 1 ? 6 : 5);
                Keys k = Setup.run(c.cs, TestCircuits.srs(c.cs.k()));
                Witness w = c.witness();
                assertEquals(List.of(), MockProver.check(c.cs, w));
                assertTrue(Verifier.verify(k.vk(), prove(k, w)), lookups + " lookups, " + segments + " segments");
                Argument arg = k.vk().argument();
                assertEquals(1, arg.tableCount);
                // The owner's identity has degree 5 (l_active, φ, q·x + β, t + β): two degree-2 inputs fit a helper.
                assertEquals(5, arg.degree);
                assertEquals(c.cs.degree(), arg.degree);
                assertEquals(lookups / 2, arg.helperCount);
                for (int g = 0; g < arg.helperCount; g++) {
                    assertTrue(arg.helperInert[g]);
                    int first = 1 + 2 * g;
                    int[] members = first + 1 < lookups ? new int[] {first, first + 1} : new int[] {first};
                    assertArrayEquals(members, arg.helperMembers[g]);
                }
            }
        }
    }

    @Test
    void inputsWithoutASelectorAreSummedUnderLActive() {
        // x_i alone does not vanish on the blinding rows: the helper identity takes the factor l_active, so a
        // group's degree is 2 + Σ deg(f + β) (two degree-1 inputs fit the degree 4 of the owner's identity).
        Shared c = new Shared(5, 2, false, 5);
        Keys k = Setup.run(c.cs, TestCircuits.srs(c.cs.k()));
        Argument arg = k.vk().argument();
        assertEquals(4, arg.degree);
        assertEquals(2, arg.helperCount);
        assertFalse(arg.helperInert[0]);
        assertFalse(k.vk().inert(1));
        assertArrayEquals(new int[] {1, 2}, arg.helperMembers[0]);
        assertTrue(Verifier.verify(k.vk(), prove(k, c.witness())));
        Witness bad = c.witnessWith(4, 2, 36);
        assertThrows(ProverException.class, () -> prove(k, bad));
        assertFalse(Verifier.verify(k.vk(), Prover.proveWithoutChecks(k.pk(), bad, new SecureRandom())));
    }

    @Test
    void aValueOutsideTheTableInAnyLookupIsRefusedAndRejected() {
        Shared c = new Shared(4, 3, true, 5);
        Keys k = Setup.run(c.cs, TestCircuits.srs(c.cs.k()));
        // The owner, the first and second member of the pair, the last lookup alone in its helper.
        for (int lookup = 0; lookup < 4; lookup++) {
            for (long v : new long[] {36, -1}) {
                Witness bad = c.witnessWith(lookup, 3, v);
                ProverException e = assertThrows(ProverException.class, () -> prove(k, bad));
                assertEquals("lookup 'x" + lookup + " < 36': the input at row 3 is not in the table; run the mock prover"
                        + " for the values", e.getMessage());
                assertFalse(Verifier.verify(k.vk(), Prover.proveWithoutChecks(k.pk(), bad, new SecureRandom())),
                        "lookup " + lookup + " reads " + v);
            }
        }
    }

    private static final int POINT = 64;
    private static final int SCALAR = 32;

    /** Commitments before the helper columns: advice, multiplicities, permutation products, running sums. */
    private static int helperAt(Argument arg, int g) {
        return (arg.adviceCount + arg.tableCount + arg.extraCount + arg.chunks + arg.tableCount + g) * POINT;
    }

    private static int evaluationAt(Argument arg, Query q) {
        int before = arg.adviceCount + 2 * arg.tableCount + arg.extraCount + arg.chunks + arg.helperCount
                + arg.groupCount + arg.quotientChunks;
        return before * POINT + arg.queries.indexOf(q) * SCALAR;
    }

    private static boolean acceptsWith(Keys k, Proof p, byte[] bytes) {
        Verifier.Verdict v = Verifier.check(k.vk(), new Proof(p.vkDigest(), p.instances(), bytes), p.instances());
        assertFalse(v.reason().startsWith("verifier error"), v.reason());
        return v.accepted();
    }

    @Test
    void tamperedHelperCommitmentsAndEvaluationsAreRejected() {
        Shared c = new Shared(5, 3, true, 5);
        Keys k = Setup.run(c.cs, TestCircuits.srs(c.cs.k()));
        Argument arg = k.vk().argument();
        Proof p = prove(k, c.witness());
        byte[] bytes = p.bytes();
        assertTrue(acceptsWith(k, p, bytes));
        assertEquals(arg.adviceCount + 2 * arg.tableCount + arg.extraCount + arg.chunks + arg.helperCount
                + arg.groupCount + arg.quotientChunks, (bytes.length - arg.queries.size() * SCALAR - 2 * POINT) / POINT);
        // The two helpers' commitments swapped; one replaced by the running sum's (the commitment just before them).
        byte[] swapped = bytes.clone();
        System.arraycopy(bytes, helperAt(arg, 0), swapped, helperAt(arg, 1), POINT);
        System.arraycopy(bytes, helperAt(arg, 1), swapped, helperAt(arg, 0), POINT);
        assertFalse(acceptsWith(k, p, swapped));
        byte[] replaced = bytes.clone();
        System.arraycopy(bytes, helperAt(arg, -1), replaced, helperAt(arg, 1), POINT);
        assertFalse(acceptsWith(k, p, replaced));
        // Each helper is opened at x only; its evaluation changed.
        for (int g = 0; g < arg.helperCount; g++) {
            Query q = new Query(arg.helper(g), 0);
            assertTrue(arg.queries.contains(q), q.toString());
            assertFalse(arg.queries.contains(new Query(arg.helper(g), 1)));
            int at = evaluationAt(arg, q);
            byte[] bad = bytes.clone();
            System.arraycopy(Fr.fromBytesLE(bytes, at).add(Fr.ONE).toBytesLE(), 0, bad, at, SCALAR);
            assertFalse(acceptsWith(k, p, bad), "evaluation of " + q + " changed");
        }
    }

    @Test
    void seededProofsAreByteIdentical() throws NoSuchAlgorithmException {
        Shared c = new Shared(4, 2, true, 5);
        Keys k = Setup.run(c.cs, TestCircuits.srs(c.cs.k()));
        byte[][] proofs = new byte[2][];
        for (int i = 0; i < 2; i++) {
            SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
            seeded.setSeed(77);
            proofs[i] = Prover.prove(k.pk(), c.witness(), seeded).bytes();
        }
        assertArrayEquals(proofs[0], proofs[1]);
    }

    /** The 2-byte format version after a key's 8-byte magic. */
    private static int version(byte[] key) {
        return (key[8] & 0xff) << 8 | (key[9] & 0xff);
    }

    @Test
    void keysOfSharedTablesRoundTripAndOlderFormatsAreRefused() {
        for (int segments : new int[] {1, 2}) {
            Shared c = new Shared(3, segments, true, segments == 1 ? 6 : 5);
            Keys k = Setup.run(c.cs, TestCircuits.srs(c.cs.k()));
            byte[] vk = KeyCodec.encodeVerifyingKey(k.vk());
            int expected = segments == 1 ? KeyCodec.VERSION_SHARED : KeyCodec.VERSION_SHARED_SEGMENTED;
            assertEquals(expected, version(vk));
            VerifyingKey read = KeyCodec.decodeVerifyingKey(vk, "vk");
            assertEquals(k.vk(), read);
            assertTrue(read.inert(1));
            byte[] pk = KeyCodec.encodeProvingKey(k.pk());
            assertEquals(expected + 1, version(pk));
            ProvingKey readPk = KeyCodec.decodeProvingKey(pk, "pk");
            assertArrayEquals(pk, KeyCodec.encodeProvingKey(readPk));
            assertTrue(Verifier.verify(read, Prover.prove(readPk, c.witness(), new SecureRandom())));
            // A key of the older format (one running sum per lookup) is refused with a request to run setup again.
            byte[] old = vk.clone();
            old[9] = (byte) (segments == 1 ? KeyCodec.VERSION : KeyCodec.VERSION_SEGMENTED);
            ArtifactFormatException e = assertThrows(ArtifactFormatException.class,
                    () -> KeyCodec.decodeVerifyingKey(old, "vk"));
            assertTrue(e.getMessage().contains("run setup again"), e.getMessage());
        }
    }
}
