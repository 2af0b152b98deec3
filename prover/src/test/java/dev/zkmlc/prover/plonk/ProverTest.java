package dev.zkmlc.prover.plonk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.mock.MockProver;
import dev.zkmlc.prover.srs.Srs;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Completeness and soundness of the proving system on small circuits (k = 4..6). */
class ProverTest {
    static final Srs SRS = TestCircuits.srs(6);
    static TestCircuits.Dot dot;
    static Keys keys;
    static Witness witness;
    static Proof proof;

    @BeforeAll
    static void proveOnce() {
        dot = new TestCircuits.Dot(5, 6);
        keys = Setup.run(dot.cs, SRS);
        witness = dot.witness(1);
        proof = Prover.prove(keys.pk(), witness, new SecureRandom());
    }

    private static void assertAccepted(VerifyingKey vk, Proof p) {
        assertEquals(new Verifier.Verdict(true, "accepted"), Verifier.check(vk, p, p.instances()));
    }

    private static void assertRejected(VerifyingKey vk, Proof p, List<List<Fr>> instances) {
        Verifier.Verdict v = Verifier.check(vk, p, instances);
        assertFalse(v.accepted());
        assertFalse(v.reason().startsWith("verifier error"), v.reason());
    }

    @Test
    void honestProofVerifiesWithItsPublicOutput() {
        MockProver.assertSatisfied(dot.cs, witness);
        assertAccepted(keys.vk(), proof);
        assertEquals(List.of(List.of(witness.get(dot.out, 0))), proof.instances());
    }

    @Test
    void honestProofsVerifyOverRandomWitnesses() {
        for (long seed = 10; seed < 13; seed++) {
            assertAccepted(keys.vk(), Prover.prove(keys.pk(), dot.witness(seed), new SecureRandom()));
        }
    }

    @Test
    void proofsAreRandomizedByTheBlinding() {
        Proof again = Prover.prove(keys.pk(), witness, new SecureRandom());
        assertFalse(Arrays.equals(proof.bytes(), again.bytes()));
        assertAccepted(keys.vk(), again);
    }

    /** The prover runs phases on several threads; with the same random source it still sends the same bytes. */
    @Test
    void proofsAreDeterministicForFixedRandomness() throws Exception {
        byte[][] runs = new byte[2][];
        for (int i = 0; i < runs.length; i++) {
            SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
            seeded.setSeed(1234);
            runs[i] = Prover.prove(keys.pk(), witness, seeded).bytes();
        }
        assertArrayEquals(runs[0], runs[1]);
    }

    @Test
    void setupIsDeterministic() {
        assertEquals(keys.vk(), Setup.run(dot.cs, SRS).vk());
    }

    @Test
    void changedPublicValuesAreRejected() {
        Fr out = proof.instances().get(0).get(0);
        assertRejected(keys.vk(), proof, List.of(List.of(out.add(Fr.ONE))));
        assertRejected(keys.vk(), proof, List.of(List.of(out, Fr.ONE)));
        assertRejected(keys.vk(), proof, List.of(List.of()));
        assertRejected(keys.vk(), proof, List.of());
        assertRejected(keys.vk(), proof, List.of(List.of(out), List.of(out)));
        // Trailing zeros do not change the instance polynomial, so they do not change the statement.
        assertTrue(Verifier.verify(keys.vk(), proof, List.of(List.of(out, Fr.ZERO))));
    }

    @Test
    void everyByteOfTheProofMatters() {
        byte[] bytes = proof.bytes();
        SplittableRandom r = new SplittableRandom(7);
        // One flipped byte at a random offset in every 16-byte stretch: every point coordinate and every
        // evaluation gets hit, in every section of the proof.
        for (int start = 0; start < bytes.length; start += 16) {
            int pos = start + r.nextInt(Math.min(16, bytes.length - start));
            byte[] bad = bytes.clone();
            bad[pos] ^= (byte) (1 + r.nextInt(255));
            assertRejected(keys.vk(), new Proof(proof.vkDigest(), proof.instances(), bad), proof.instances());
        }
        assertRejected(keys.vk(), new Proof(proof.vkDigest(), proof.instances(), Arrays.copyOf(bytes, bytes.length - 1)),
                proof.instances());
        assertRejected(keys.vk(), new Proof(proof.vkDigest(), proof.instances(), Arrays.copyOf(bytes, bytes.length + 1)),
                proof.instances());
        assertRejected(keys.vk(), new Proof(proof.vkDigest(), proof.instances(), new byte[0]), proof.instances());
    }

    @Test
    void verifyingKeyOfAnotherCircuitRejects() {
        TestCircuits.Dot other = new TestCircuits.Dot(5, 7);
        VerifyingKey otherVk = Setup.run(other.cs, SRS).vk();
        assertRejected(otherVk, proof, proof.instances());
        // Even claiming the other key's digest: the transcript still starts from a different key.
        assertRejected(otherVk, new Proof(otherVk.digest(), proof.instances(), proof.bytes()), proof.instances());
    }

    @Test
    void keyFromAnotherSrsRejects() {
        Srs otherSrs = dev.zkmlc.prover.srs.DevSrs.generate(65, dev.zkmlc.prover.srs.DevSrs.tau(7));
        VerifyingKey otherVk = Setup.run(dot.cs, otherSrs).vk();
        assertRejected(otherVk, new Proof(otherVk.digest(), proof.instances(), proof.bytes()), proof.instances());
    }

    @Test
    void theProverRefusesWitnessesThatBreakAConstraint() {
        Witness.Builder gateBroken = rebuild(witness);
        gateBroken.set(dot.acc, 3, witness.get(dot.acc, 3).add(Fr.ONE));
        ProverException e = assertThrows(ProverException.class,
                () -> Prover.prove(keys.pk(), gateBroken.build(), new SecureRandom()));
        assertTrue(e.getMessage().contains("gate 'dot'"), e.getMessage());

        Witness.Builder outOfTable = rebuild(witness);
        outOfTable.set(dot.a, 2, 16).set(dot.sq, 2, 256);
        e = assertThrows(ProverException.class, () -> Prover.prove(keys.pk(), outOfTable.build(), new SecureRandom()));
        assertTrue(e.getMessage().contains("lookup 'range4'"), e.getMessage());

        Witness.Builder outOfSharedTable = rebuild(witness);
        outOfSharedTable.set(dot.d, 1, 17);
        e = assertThrows(ProverException.class, () -> Prover.prove(keys.pk(), outOfSharedTable.build(), new SecureRandom()));
        assertTrue(e.getMessage().contains("lookup 'digit4'"), e.getMessage());

        Witness.Builder copyBroken = rebuild(witness);
        copyBroken.set(dot.out, 0, witness.get(dot.out, 0).add(Fr.ONE));
        e = assertThrows(ProverException.class, () -> Prover.prove(keys.pk(), copyBroken.build(), new SecureRandom()));
        assertTrue(e.getMessage().contains("copy constraints"), e.getMessage());
    }

    private static Witness.Builder rebuild(Witness w) {
        Witness.Builder b = Witness.builder();
        for (Column c : List.of(dot.a, dot.b, dot.acc, dot.sq, dot.d, dot.out)) {
            for (int row = 0; row < w.column(c).length(); row++) {
                b.set(c, row, w.get(c, row));
            }
        }
        return b;
    }

    /** A constraint without a selector holds on every usable row; the argument switches it off on the others. */
    @Test
    void ungatedConstraintsAndInstanceRotations() {
        ConstraintSystemBuilder bld = ConstraintSystem.builder();
        Column a = bld.advice("a");
        Column b = bld.advice("b");
        Column q = bld.fixed("q");
        Column inst = bld.instance("in");
        bld.gate("a equals b", a.cur().minus(b.cur()));
        bld.gate("a is next input", q.cur().times(a.cur().minus(inst.next())));
        for (int row = 0; row < 4; row++) {
            bld.fixed(q, row, 1);
        }
        ConstraintSystem cs = bld.k(4).build();
        Keys k = Setup.run(cs, SRS);
        assertFalse(k.vk().gated(0, 0));
        assertTrue(k.vk().gated(1, 0));
        Witness.Builder w = Witness.builder();
        for (int row = 0; row < 4; row++) {
            w.set(a, row, 10 + row).set(b, row, 10 + row).set(inst, row + 1, 10 + row);
        }
        Proof p = Prover.prove(k.pk(), w.build(), new SecureRandom());
        assertAccepted(k.vk(), p);
        assertEquals(List.of(List.of(Fr.ZERO, Fr.of(10), Fr.of(11), Fr.of(12), Fr.of(13))), p.instances());
        assertRejected(k.vk(), p, List.of(List.of(Fr.ZERO, Fr.of(10), Fr.of(11), Fr.of(12), Fr.of(14))));
    }

    /** Lookups alone (no copies): a table of three columns, inputs of degree two. */
    @Test
    void lookupOnlyCircuit() {
        ConstraintSystemBuilder bld = ConstraintSystem.builder();
        Column x = bld.advice("x");
        Column y = bld.advice("y");
        Column s = bld.fixed("s");
        Column tx = bld.fixed("tx");
        Column ty = bld.fixed("ty");
        Column tz = bld.fixed("tz");
        bld.lookup("xor", List.of(s.cur().times(x.cur()), s.cur().times(y.cur()), s.cur().times(x.next())),
                List.of(tx.cur(), ty.cur(), tz.cur()));
        int row = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                bld.fixed(tx, row, i).fixed(ty, row, j).fixed(tz, row, i ^ j);
                row++;
            }
        }
        for (int r = 0; r < 8; r++) {
            bld.fixed(s, r, 1);
        }
        ConstraintSystem cs = bld.k(6).build();
        Keys k = Setup.run(cs, SRS);
        Witness.Builder w = Witness.builder();
        long v = 3;
        for (int r = 0; r < 8; r++) {
            long yy = (r * 7) % 4;
            w.set(x, r, v).set(y, r, yy);
            v ^= yy;
        }
        w.set(x, 8, v);
        Proof p = Prover.prove(k.pk(), w.build(), new SecureRandom());
        assertAccepted(k.vk(), p);
        assertNotEquals(0, p.bytes().length);
    }

    /** No gates, lookups or copies: only the quotient is opened, and the proof still binds the public values. */
    @Test
    void circuitWithoutConstraints() {
        ConstraintSystemBuilder bld = ConstraintSystem.builder();
        Column a = bld.advice("a");
        Column inst = bld.instance("in");
        ConstraintSystem cs = bld.k(4).build();
        Keys k = Setup.run(cs, SRS);
        Proof p = Prover.prove(k.pk(), Witness.builder().set(a, 0, 5).set(inst, 1, 9).set(inst, 2, 0).build(),
                new SecureRandom());
        assertAccepted(k.vk(), p);
        assertEquals(List.of(List.of(Fr.ZERO, Fr.of(9), Fr.ZERO)), p.instances()); // a zero output stays listed
        assertRejected(k.vk(), p, List.of(List.of(Fr.ZERO, Fr.of(8))));
    }

    @Test
    void progressIsReportedPhaseByPhase() {
        List<String> phases = new java.util.ArrayList<>();
        Prover.prove(keys.pk(), witness, new SecureRandom(), phases::add);
        assertEquals(List.of("advice commitments", "lookup multiplicities", "permutation products and lookup sums",
                "quotient", "quotient commitments", "evaluations", "openings"), phases);
        assertTrue(Prover.estimateBytes(keys.pk()) > 0);
    }

    @Test
    void setupRefusesWhatTheKeysCouldNotCarry() {
        ConstraintSystemBuilder bld = ConstraintSystem.builder();
        bld.advice("a");
        ConstraintSystem manyBlinding = bld.k(13).blindingRows(5000).build();
        ProverException e = assertThrows(ProverException.class, () -> Setup.run(manyBlinding, SRS));
        assertTrue(e.getMessage().contains("blinding rows"), e.getMessage());
        ConstraintSystemBuilder bld2 = ConstraintSystem.builder();
        bld2.advice("a");
        ConstraintSystem tooBig = bld2.k(7).build();
        e = assertThrows(ProverException.class, () -> Setup.run(tooBig, SRS));
        assertTrue(e.getMessage().contains("129"), e.getMessage());
        ConstraintSystemBuilder bld3 = ConstraintSystem.builder();
        Column a = bld3.advice("a");
        dev.zkmlc.circuit.cs.Expression power = a.cur();
        for (int i = 0; i < 40; i++) {
            power = power.times(a.cur());
        }
        bld3.gate("degree 41", power);
        ConstraintSystem tooHighDegree = bld3.k(24).build();
        e = assertThrows(ProverException.class, () -> Setup.run(tooHighDegree, SRS));
        assertTrue(e.getMessage().contains("extended domain"), e.getMessage());
    }
}
