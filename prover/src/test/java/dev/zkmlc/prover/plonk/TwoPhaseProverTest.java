package dev.zkmlc.prover.plonk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.cs.PhasedWitness;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.mock.MockProver;
import dev.zkmlc.prover.artifact.KeyCodec;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A circuit with a challenge: phase-0 columns x and y, a phase-1 column h with h = x + r·y on rows 0..5, x
 * range-checked to 4 bits by a lookup, a copy between two cells of h and x[0] public. The prover commits x and
 * y, squeezes r from the transcript, then computes h from r.
 */
class TwoPhaseProverTest {
    private static final int ROWS = 6;
    static ConstraintSystem cs;
    static Column x, y, h, out;
    static Keys keys;

    @BeforeAll
    static void setup() {
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        x = b.advice("x");
        y = b.advice("y");
        h = b.advice("h", 1);
        Column q = b.fixed("q");
        Column t = b.fixed("t");
        out = b.instance("out");
        Expression r = b.challenge("r");
        b.enableEquality(h).enableEquality(x).enableEquality(out);
        b.gate("fold", q.cur().times(h.cur().minus(x.cur()).minus(r.times(y.cur()))));
        b.lookup("range4", List.of(q.cur().times(x.cur())), List.of(t.cur()));
        for (int row = 0; row < 16; row++) {
            b.fixed(t, row, row);
        }
        for (int row = 0; row < ROWS; row++) {
            b.fixed(q, row, 1);
        }
        b.copy(h, 1, h, 2);
        b.copy(x, 0, out, 0);
        b.k(5);
        cs = b.build();
        keys = Setup.run(cs, TestCircuits.srs(5));
    }

    /** x = (s, s+1, s+1, ...), y = (2, 5, 5, ...): rows 1 and 2 agree, so the copy h[1] = h[2] holds for any r. */
    private static Witness.Builder phase0(long s) {
        Witness.Builder w = Witness.builder();
        for (int row = 0; row < ROWS; row++) {
            w.set(x, row, row == 0 ? s : Math.min(15, s + 1 + (row > 2 ? row : 0)));
            w.set(y, row, row == 0 ? 2 : 5 + (row > 2 ? row : 0));
        }
        w.set(out, 0, s);
        return w;
    }

    /** The honest two-step witness; {@code seen} records the challenges it was completed with. */
    private static PhasedWitness phased(long s, List<List<Fr>> seen) {
        return new PhasedWitness(phase0(s).build(), challenges -> {
            seen.add(challenges);
            Witness.Builder w = phase0(s);
            for (int row = 0; row < ROWS; row++) {
                w.set(h, row, w.get(x, row).add(challenges.get(0).mul(w.get(y, row))));
            }
            return w.build();
        });
    }

    @Test
    void honestTwoPhaseProofVerifiesAndItsMockWitnessPasses() {
        List<List<Fr>> seen = new ArrayList<>();
        PhasedWitness w = phased(3, seen);
        MockProver.assertSatisfied(cs, w.completeForMock(cs));
        Proof p = Prover.prove(keys.pk(), w, new SecureRandom());
        assertTrue(Verifier.verify(keys.vk(), p));
        assertEquals(List.of(List.of(Fr.of(3))), p.instances());
        // Through the key files too: the shape keeps the phases and the challenge.
        VerifyingKey vk = KeyCodec.decodeVerifyingKey(KeyCodec.encodeVerifyingKey(keys.vk()), "vk.bin");
        assertEquals(List.of("r"), vk.shape().challenges());
        assertEquals(1, vk.shape().phase(vk.shape().advice().get(2)));
        assertTrue(Verifier.verify(vk, p));
    }

    /** The challenge comes from the transcript: it changes with every phase-0 commitment (blinding included). */
    @Test
    void theChallengeComesFromTheTranscript() {
        List<List<Fr>> seen = new ArrayList<>();
        Prover.prove(keys.pk(), phased(3, seen), new SecureRandom());
        Prover.prove(keys.pk(), phased(3, seen), new SecureRandom());
        Prover.prove(keys.pk(), phased(4, seen), new SecureRandom());
        assertEquals(3, seen.size());
        assertNotEquals(seen.get(0), seen.get(1), "fresh blinding, fresh commitments, fresh challenge");
        assertNotEquals(seen.get(0), seen.get(2));
        assertNotEquals(seen.get(1), seen.get(2));
    }

    /** A phase-1 witness fixed before the challenge (here: for the mock's challenge) cannot be proved. */
    @Test
    void aPhaseOneWitnessChosenBeforeTheChallengeIsRejected() {
        Witness early = phased(3, new ArrayList<>()).completeForMock(cs);
        PhasedWitness fixed = new PhasedWitness(early, challenges -> early);
        assertThrows(ProverException.class, () -> Prover.prove(keys.pk(), fixed, new SecureRandom()));
        Proof p = Prover.proveWithoutChecks(keys.pk(), fixed, new SecureRandom());
        Verifier.Verdict v = Verifier.check(keys.vk(), p, p.instances());
        assertFalse(v.accepted());
        assertFalse(v.reason().startsWith("verifier error"), v.reason());
    }

    @Test
    void aPlainWitnessIsRefusedForACircuitWithChallenges() {
        Witness early = phased(3, new ArrayList<>()).completeForMock(cs);
        ProverException e = assertThrows(ProverException.class, () -> Prover.prove(keys.pk(), early, new SecureRandom()));
        assertTrue(e.getMessage().contains("PhasedWitness"), e.getMessage());
    }
}
