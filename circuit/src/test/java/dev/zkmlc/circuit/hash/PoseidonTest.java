package dev.zkmlc.circuit.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.circuit.field.Fr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PoseidonTest {

    private static Fr hex(String h) {
        return Fr.of(new BigInteger(h, 16));
    }

    // Known answers, each recomputed with circomlibjs 0.1.7's poseidon (and the first and third
    // are the ones circomlib's own tests publish).
    @Test
    void matchesCircomlibOnPublishedVectors() {
        assertEquals(hex("115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a"),
                Poseidon.hash(Fr.of(1), Fr.of(2)));
        assertEquals(hex("29176100eaa962bdc1fe6c654d6a3c130e96a4d1168b33848b897dc502820133"),
                Poseidon.hash(Fr.of(1)));
        assertEquals(hex("299c867db6c1fdd79dcefa40e4510b9837e60ebb1ce0663dbaa525df65250465"),
                Poseidon.hash(Fr.of(1), Fr.of(2), Fr.of(3), Fr.of(4)));
    }

    @Test
    void generatedConstantsStartAsCircomlibsDo() {
        PoseidonParameters p = PoseidonParameters.circom(3);
        assertEquals(hex("0ee9a592ba9a9518d05986d656f40c2114c4993c11bb29938d21d47304cd8e6e"), p.roundConstant(0, 0));
        assertEquals(hex("00f1445235f2148c5986587169fc1bcd887b08d4d00868df5696fff40956e864"), p.roundConstant(0, 1));
        assertEquals(8, p.fullRounds());
        assertEquals(57, p.partialRounds());
        assertEquals(65 * 3, countConstants(p));
    }

    private static int countConstants(PoseidonParameters p) {
        int n = 0;
        for (int r = 0; r < p.rounds(); r++) {
            for (int i = 0; i < p.width(); i++) {
                if (p.roundConstant(r, i) != null) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void roundsFollowCircomlibsTable() {
        int[] expected = {56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68};
        for (int t = 2; t <= 17; t++) {
            PoseidonParameters p = PoseidonParameters.circom(t);
            assertEquals(expected[t - 2], p.partialRounds(), "t=" + t);
            assertEquals(t - 1, p.arity());
            assertEquals(4, countFull(p, 0, 4));
            assertEquals(0, countFull(p, 4, 4 + p.partialRounds()));
            assertEquals(4, countFull(p, 4 + p.partialRounds(), p.rounds()));
        }
    }

    private static int countFull(PoseidonParameters p, int from, int to) {
        int n = 0;
        for (int r = from; r < to; r++) {
            n += p.isFullRound(r) ? 1 : 0;
        }
        return n;
    }

    @Test
    void mdsIsCauchyAndSoInvertible() {
        // For a Cauchy matrix 1/(x_i + y_j), 1/M[i][j] - 1/M[i][k] = y_j - y_k does not depend on i.
        PoseidonParameters p = PoseidonParameters.circom(5);
        for (int i = 1; i < 5; i++) {
            for (int j = 0; j < 4; j++) {
                Fr row0 = p.mds(0, j).inverse().sub(p.mds(0, j + 1).inverse());
                Fr rowI = p.mds(i, j).inverse().sub(p.mds(i, j + 1).inverse());
                assertEquals(row0, rowI);
            }
        }
    }

    @Test
    void hashIsTheFirstElementOfThePermutedState() {
        PoseidonParameters p = PoseidonParameters.circom(4);
        Fr[] state = {Fr.ZERO, Fr.of(7), Fr.of(8), Fr.of(9)};
        Fr[] before = state.clone();
        Fr[] out = p.permute(state);
        assertArrayEquals(before, state, "permute must not touch its argument");
        assertEquals(Poseidon.hash(Fr.of(7), Fr.of(8), Fr.of(9)), out[0]);
    }

    @Test
    void sparsePermutationEqualsRoundByRound() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int t = 2; t <= 17; t++) {
            PoseidonParameters p = PoseidonParameters.circom(t);
            for (int c = 0; c < 3; c++) {
                Fr[] state = new Fr[t];
                for (int i = 0; i < t; i++) {
                    state[i] = Fr.random(rng);
                }
                Fr[] expected = state;
                for (int r = 0; r < p.rounds(); r++) {
                    expected = p.round(r, expected);
                }
                assertArrayEquals(expected, p.permute(state), "t=" + t);
            }
        }
    }

    @Test
    void differentInputsGiveDifferentHashes() {
        qt().forAll(longs().all(), longs().all()).assuming((a, b) -> !a.equals(b)).checkAssert((a, b) ->
                assertNotEquals(Poseidon.hash(Fr.of(a), Fr.of(0)), Poseidon.hash(Fr.of(b), Fr.of(0))));
        // Input order matters, and so does the number of inputs (the width changes the instance).
        assertNotEquals(Poseidon.hash(Fr.of(1), Fr.of(2)), Poseidon.hash(Fr.of(2), Fr.of(1)));
        assertNotEquals(Poseidon.hash(Fr.of(1)), Poseidon.hash(Fr.of(1), Fr.ZERO));
    }

    @Test
    void rejectsUnsupportedInputCounts() {
        assertThrows(IllegalArgumentException.class, Poseidon::hash);
        List<Fr> seventeen = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            seventeen.add(Fr.of(i));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Poseidon.hash(seventeen));
        assertEquals("Poseidon hashes 1..16 inputs, not 17 (use PoseidonChain for longer vectors)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PoseidonParameters.circom(18));
        assertThrows(IllegalArgumentException.class, () -> PoseidonParameters.circom(1));
    }

    @Test
    void sixteenInputsUseTheWidestInstance() {
        List<Fr> xs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            xs.add(Fr.of(i + 1));
        }
        Fr[] state = new Fr[17];
        state[0] = Fr.ZERO;
        for (int i = 0; i < 16; i++) {
            state[i + 1] = xs.get(i);
        }
        assertEquals(PoseidonParameters.circom(17).permute(state)[0], Poseidon.hash(xs));
    }
}
