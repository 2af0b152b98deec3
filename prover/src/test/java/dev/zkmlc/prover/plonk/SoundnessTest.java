package dev.zkmlc.prover.plonk;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cheating prover runs the protocol on witnesses that break one gate, one lookup or one copy, or claims a
 * public output the circuit did not compute; the verifier rejects every such proof. And on a small circuit,
 * every single byte of a proof is flipped in turn.
 */
class SoundnessTest {
    static TestCircuits.Dot dot;
    static Keys keys;

    @BeforeAll
    static void setUp() {
        dot = new TestCircuits.Dot(5, 6);
        keys = Setup.run(dot.cs, TestCircuits.srs(5));
    }

    private static boolean cheat(Consumer<Witness.Builder> change) {
        Witness honest = dot.witness(3);
        Witness.Builder w = Witness.builder();
        for (Column c : List.of(dot.a, dot.b, dot.acc, dot.sq, dot.d, dot.out)) {
            for (int row = 0; row < honest.column(c).length(); row++) {
                w.set(c, row, honest.get(c, row));
            }
        }
        change.accept(w);
        Proof p = Prover.proveWithoutChecks(keys.pk(), w.build(), new SecureRandom());
        return Verifier.verify(keys.vk(), p);
    }

    @Test
    void theCheatingProverIsHonestWhenTheWitnessIs() {
        assertTrue(cheat(w -> { }));
    }

    @Test
    void brokenGateIsRejected() {
        assertFalse(cheat(w -> w.set(dot.acc, 2, w.get(dot.acc, 2).add(Fr.ONE))));
    }

    @Test
    void lookupInputOutsideTheTableIsRejected() {
        // 16 is outside the 4-bit table; its square is consistent, so only the range lookup objects.
        assertFalse(cheat(w -> w.set(dot.a, 1, 16).set(dot.sq, 1, 256)));
    }

    @Test
    void inputOutsideTheTableInTheSecondLookupIntoItIsRejected() {
        // digit4 shares range4's table and multiplicities; its helper column alone carries the bad input.
        assertFalse(cheat(w -> w.set(dot.d, 2, 16)));
        assertFalse(cheat(w -> w.set(dot.d, 2, -1)));
    }

    @Test
    void brokenCopyIsRejected() {
        assertFalse(cheat(w -> w.set(dot.b, dot.len - 1, w.get(dot.a, 0).add(Fr.ONE))));
    }

    @Test
    void wrongPublicOutputIsRejected() {
        assertFalse(cheat(w -> w.set(dot.out, 0, w.get(dot.out, 0).add(Fr.ONE))));
    }

    /** Every byte of a proof (not a sample): small circuit, so the sweep takes seconds. */
    @Test
    void everySingleByteFlipIsRejected() {
        ConstraintSystemBuilder bld = ConstraintSystem.builder();
        Column a = bld.advice("a");
        Column inst = bld.instance("in");
        bld.gate("a squared is the input", a.cur().times(a.cur()).minus(inst.cur()));
        ConstraintSystem cs = bld.k(3).build();
        Keys k = Setup.run(cs, TestCircuits.srs(3));
        Proof p = Prover.prove(k.pk(), Witness.builder().set(a, 0, 7).set(inst, 0, 49).build(), new SecureRandom());
        assertTrue(Verifier.verify(k.vk(), p));
        byte[] bytes = p.bytes();
        for (int pos = 0; pos < bytes.length; pos++) {
            int bit = 1 << (pos % 8); // every bit position, across the bytes
            byte[] bad = bytes.clone();
            bad[pos] ^= (byte) bit;
            Verifier.Verdict v = Verifier.check(k.vk(), new Proof(p.vkDigest(), p.instances(), bad), p.instances());
            assertFalse(v.accepted(), "flip of bit " + bit + " at byte " + pos + " accepted");
            assertFalse(v.reason().startsWith("verifier error"), v.reason());
        }
    }
}
