package dev.zkmlc.prover.plonk;

import dev.zkmlc.ir.Visibility;
import dev.zkmlc.optimizer.lower.GadgetChoice;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real proof of a dense layer whose weights the verifying key fixes, checked by Freivalds: relu(x·W + b) with x
 * 1×40 private and W (40×16), b fixed, lowered with {@link GadgetChoice#FREIVALDS} (W and b in the matrix columns of
 * the halo2-style layout, x one input per row), proved with a development SRS ({@link DenseLayerFixture}). The honest
 * proof verifies with the interpreter's output; a proof whose check output was changed, every other gate kept honest,
 * does not; nor does the honest proof with another output. (In this package for the cheating prover,
 * {@link Prover#proveWithoutChecks}.)
 */
class FixedFreivaldsProofTest {
    static DenseLayerFixture layer;

    @BeforeAll
    static void setup() {
        layer = DenseLayerFixture.build(Visibility.FIXED);
    }

    @Test
    void anHonestProofVerifiesWithTheInterpretersOutput() {
        Proof proof = layer.assertHonestProofVerifies();
        MatMulTampering.assertOtherOutputRejected(layer.keys().vk(), proof);
    }

    @Test
    void aProofOfATamperedProductIsRejected() {
        MatMulTampering.assertUnprovableAndRejected(layer.keys(), layer.circuit(),
                MatMulTampering.withMatMulOutputChanged(layer.circuit(), layer.inputs(), 5, 1 << DenseLayerFixture.S));
    }
}
