package dev.zkmlc.circuit.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.circuit.cs.Challenges;
import dev.zkmlc.circuit.cs.CircuitException;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.export.CircuitExport;
import dev.zkmlc.circuit.field.Fr;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A two-phase circuit: phase-0 columns x and y, a phase-1 column h, and a challenge r with the gate
 * h = x + r·y on every enabled row. The phase-1 value can only be computed once r is known.
 */
class ChallengePhaseTest {
    private static final int ROWS = 6;

    private record Circuit(ConstraintSystem cs, Column x, Column y, Column h) {}

    private static Circuit circuit() {
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        Column x = b.advice("x");
        Column y = b.advice("y");
        Column h = b.advice("h", 1);
        Column q = b.fixed("q");
        Expression r = b.challenge("r");
        b.gate("fold", q.cur().times(h.cur().minus(x.cur()).minus(r.times(y.cur()))));
        for (int row = 0; row < ROWS; row++) {
            b.fixed(q, row, 1);
        }
        return new Circuit(b.build(), x, y, h);
    }

    /** Phase 0: x_i = i + seed, y_i = 3 i - seed. */
    private static Witness.Builder phase0(Circuit c, long seed) {
        Witness.Builder w = Witness.builder();
        for (int row = 0; row < ROWS; row++) {
            w.set(c.x(), row, row + seed);
            w.set(c.y(), row, 3L * row - seed);
        }
        return w;
    }

    /** Phase 1 from phase 0 and the challenge. */
    private static Witness complete(Circuit c, Witness.Builder w, Fr r) {
        for (int row = 0; row < ROWS; row++) {
            w.set(c.h(), row, w.get(c.x(), row).add(r.mul(w.get(c.y(), row))));
        }
        return w.build();
    }

    private static Fr derived(Circuit c, long seed) {
        return Challenges.derive(c.cs(), phase0(c, seed).build()).get(0);
    }

    @Test
    void declaresPhasesAndChallenges() {
        Circuit c = circuit();
        assertEquals(0, c.cs().phase(c.x()));
        assertEquals(1, c.cs().phase(c.h()));
        assertEquals(2, c.cs().phases());
        assertEquals(List.of("r"), c.cs().challenges());
        assertEquals(2, c.cs().degree());
    }

    @Test
    void honestTwoPhaseWitnessPassesWithTheDerivedChallenge() {
        qt().forAll(longs().between(-1000, 1000)).checkAssert(seed -> {
            Circuit c = circuit();
            Witness w = complete(c, phase0(c, seed), derived(c, seed));
            assertEquals(List.of(), MockProver.check(c.cs(), w));
        });
    }

    @Test
    void aPhaseOneWitnessMadeForAnotherChallengeFails() {
        qt().forAll(longs().between(-1000, 1000), longs().all()).checkAssert((seed, other) -> {
            Circuit c = circuit();
            Fr r = derived(c, seed);
            Fr wrong = Fr.of(other);
            if (wrong.equals(r)) {
                return;
            }
            Witness w = complete(c, phase0(c, seed), wrong);
            assertFalse(MockProver.check(c.cs(), w).isEmpty());
            // ... and passes for exactly that challenge, given explicitly.
            assertEquals(List.of(), MockProver.check(c.cs(), w, List.of(wrong), 10));
        });
    }

    @Test
    void theChallengeDependsOnEveryPhaseZeroValueAndOnNoPhaseOneValue() {
        Circuit c = circuit();
        Witness honest = complete(c, phase0(c, 7), derived(c, 7));
        Fr r = Challenges.derive(c.cs(), honest).get(0);
        for (int row = 0; row < ROWS; row++) {
            for (Column col : new Column[] {c.x(), c.y()}) {
                Witness.Builder w = phase0(c, 7);
                w.set(col, row, w.get(col, row).add(Fr.ONE));
                assertNotEquals(r, Challenges.derive(c.cs(), w.build()).get(0), col + "@" + row);
            }
        }
        Witness.Builder changedPhase1 = phase0(c, 7);
        changedPhase1.set(c.h(), 0, 12345);
        assertEquals(r, Challenges.derive(c.cs(), changedPhase1.build()).get(0));
    }

    @Test
    void exportKeepsPhasesAndChallenges() {
        Circuit c = circuit();
        Witness w = complete(c, phase0(c, 3), derived(c, 3));
        for (byte[] file : List.of(CircuitExport.toBinary(c.cs(), w),
                CircuitExport.toJson(c.cs(), w).getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            var read = CircuitExport.read(file, "c");
            ConstraintSystem back = read.constraintSystem();
            assertEquals(List.of("r"), back.challenges());
            assertEquals(1, back.phase(back.advice().get(2)));
            assertEquals(c.cs().gates(), back.gates());
            assertEquals(List.of(), MockProver.check(back, read.witness().orElseThrow()));
            assertEquals(CircuitExport.contentHash(c.cs(), w), read.sha256());
        }
    }

    @Test
    void refusesForeignChallengesAndChallengesInTables() {
        ConstraintSystemBuilder other = ConstraintSystem.builder();
        Expression foreign = other.challenge("s");
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        Column x = b.advice("x");
        Column t = b.fixed("t");
        assertThrows(CircuitException.class, () -> b.gate("g", x.cur().times(foreign)));
        Expression r = b.challenge("r");
        CircuitException e = assertThrows(CircuitException.class,
                () -> b.lookup("l", List.of(x.cur()), List.of(t.cur().times(r))));
        assertTrue(e.getMessage().contains("challenges"), e.getMessage());
        assertThrows(CircuitException.class, () -> b.advice("z", 2));
    }
}
