package dev.zkmlc.prover.plonk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Gate;
import dev.zkmlc.circuit.gadget.Gadget;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.mock.Failure;
import dev.zkmlc.circuit.mock.MockProver;
import dev.zkmlc.ir.Visibility;
import dev.zkmlc.optimizer.lower.GadgetChoice;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real proof of a dense layer whose weights the prover supplies, checked by Freivalds with the weights range-checked
 * in place: relu(x·W + b) with x 1×40 private and W (40×16), b private, lowered with {@link GadgetChoice#FREIVALDS},
 * laid out halo2-style (W's rows in the even columns under Q_FW), proved with a development SRS
 * ({@link DenseLayerFixture}). The honest proof verifies with the interpreter's output; a proof whose product was
 * changed, every other gate kept honest, does not; nor does one with a weight just outside its range and a product to
 * match, which only the row's lookup can catch; nor does the honest proof with another output. (In this package for
 * the cheating prover, {@link Prover#proveWithoutChecks}.)
 */
class InPlaceFreivaldsProofTest {
    /** W's entry [0][5]: x[0] is not zero, so the out-of-range weight changes the product it feeds. */
    private static final int WEIGHT = 5;
    static DenseLayerFixture layer;
    static CompiledCircuit circuit;
    static Keys keys;
    static Map<String, long[]> inputs;

    @BeforeAll
    static void setup() {
        layer = DenseLayerFixture.build(Visibility.PRIVATE);
        circuit = layer.circuit();
        keys = layer.keys();
        inputs = layer.inputs();
        // W at scale 4 fits 6 signed bits, which one lookup of the 8-bit table decides: the in-place check, whose
        // gate reads r alone (no Horner chain, so no s).
        ConstraintSystem cs = circuit.constraintSystem();
        assertTrue(cs.gates().stream().map(Gate::name).anyMatch("freivalds_private"::equals));
        assertEquals(List.of("freivalds_r"), cs.challenges());
    }

    @Test
    void anHonestProofVerifiesWithTheInterpretersOutput() {
        Proof proof = layer.assertHonestProofVerifies();
        MatMulTampering.assertOtherOutputRejected(keys.vk(), proof);
    }

    @Test
    void aProofOfATamperedProductIsRejected() {
        MatMulTampering.assertUnprovableAndRejected(keys, circuit,
                MatMulTampering.withMatMulOutputChanged(circuit, inputs, 5, 1 << DenseLayerFixture.S));
    }

    /**
     * The weights have no range rows of their own: the lookup on the check's row is all that keeps a weight in range.
     * The product, rescale and relu stay consistent with the out-of-range weight, so the mock prover's only
     * objection must be that lookup; anything else would mean the proof is rejected for another reason.
     */
    @Test
    void aProofOfAWeightJustOutsideItsRangeIsRejected() {
        Gadget.MatMul mm = MatMulTampering.firstMatMul(circuit);
        Interval range = circuit.program().gadgets().stream()
                .filter(g -> g instanceof Gadget.RangeCheck c && c.wires()[0] == mm.b()[0])
                .map(g -> ((Gadget.RangeCheck) g).range()).findFirst().orElseThrow();
        long[] wires = MatMulTampering.withMatMulWeightSet(circuit, inputs, WEIGHT, range.hi() + 1);
        int product = mm.out()[WEIGHT % mm.p()];
        assertNotEquals(circuit.program().evaluate(inputs)[product], wires[product]);
        List<Failure> failures = MockProver.check(circuit.constraintSystem(), circuit.fillWitness(wires));
        assertEquals(1, failures.size(), failures.toString());
        assertEquals(Failure.LOOKUP, failures.get(0).kind(), failures.toString());
        assertEquals("freivalds", failures.get(0).region(), failures.toString());
        MatMulTampering.assertUnprovableAndRejected(keys, circuit, wires);
    }
}
