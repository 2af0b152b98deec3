package dev.zkmlc.prover.plonk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Gate;
import dev.zkmlc.circuit.gadget.Gadget;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.mock.Failure;
import dev.zkmlc.circuit.mock.MockProver;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.GraphBuilder;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.SourceLocation;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.TensorType;
import dev.zkmlc.ir.Visibility;
import dev.zkmlc.ir.fixed.FixedPointInterpreter;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.fixed.FixedTensor;
import dev.zkmlc.ir.op.Gemm;
import dev.zkmlc.ir.op.Relu;
import dev.zkmlc.optimizer.lower.ChoicePoint;
import dev.zkmlc.optimizer.lower.GadgetChoice;
import dev.zkmlc.optimizer.lower.Lowering;
import dev.zkmlc.optimizer.lower.LoweringChoices;
import dev.zkmlc.prover.srs.DevSrs;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real proof of a dense layer whose weights the prover supplies, checked by Freivalds with the weights range-checked
 * in place: relu(x·W + b) with x 1×40 private and W (40×16), b private, lowered with {@link GadgetChoice#FREIVALDS},
 * laid out halo2-style (W's rows in the even columns under Q_FW), proved with a development SRS. The honest proof
 * verifies with the interpreter's output; a proof whose product was changed, every other gate kept honest, does not;
 * nor does one with a weight just outside its range and a product to match, which only the row's lookup can catch;
 * nor does the honest proof with another output. (In this package for the cheating prover,
 * {@link Prover#proveWithoutChecks}.)
 */
class InPlaceFreivaldsProofTest {
    private static final int S = 4;
    /** W's entry [0][5]: x[0] is not zero, so the out-of-range weight changes the product it feeds. */
    private static final int WEIGHT = 5;
    static Graph graph;
    static FixedPointPlan plan;
    static CompiledCircuit circuit;
    static Keys keys;
    static Map<String, long[]> inputs;

    @BeforeAll
    static void setup() {
        Random r = new Random(11);
        GraphBuilder gb = new GraphBuilder("dense");
        double[] w = new double[40 * 16];
        double[] b = new double[16];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextDouble() * 2 - 1;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextDouble() * 2 - 1;
        }
        String x = gb.input("x", TensorType.floats(1, 40), Visibility.PRIVATE);
        String h = gb.node(Gemm.plain(), List.of(x, gb.initializer("w", new Tensor(Shape.of(40, 16), w)),
                gb.initializer("b", new Tensor(Shape.of(1, 16), b))), "fc", SourceLocation.of("d.zk", 1, 1));
        gb.output(gb.node(new Relu(), List.of(h), "relu", SourceLocation.of("d.zk", 2, 1)), Visibility.PUBLIC);
        gb.parameterVisibility(Visibility.PRIVATE);
        graph = gb.build();
        Map<String, Integer> scales = new LinkedHashMap<>();
        for (String v : graph.types().keySet()) {
            scales.put(v, S);
        }
        plan = new FixedPointPlan(scales, S, 12, Map.of());
        List<ChoicePoint> points = Lowering.lowerWith(graph, plan, LoweringChoices.defaults()).choicePoints();
        ChoicePoint mm = points.stream().filter(p -> p.kind() == GadgetChoice.Kind.MATMUL).findFirst().orElseThrow();
        GadgetProgram program = Lowering.lowerWith(graph, plan, LoweringChoices.defaults().with(mm, GadgetChoice.FREIVALDS))
                .program();
        // W at scale 4 fits 6 signed bits, which one lookup of the 8-bit table decides: the in-place check, whose
        // gate reads r alone (no Horner chain, so no s).
        circuit = new Halo2StyleBackend().layout(program, new LayoutOptions(8, 8, 0));
        ConstraintSystem cs = circuit.constraintSystem();
        assertTrue(cs.gates().stream().map(Gate::name).anyMatch("freivalds_private"::equals));
        assertEquals(List.of("freivalds_r"), cs.challenges());
        keys = Setup.run(cs, DevSrs.generate((1 << cs.k()) + 1, DevSrs.tau(5)));
        long[] xv = new long[40];
        for (int i = 0; i < xv.length; i++) {
            xv[i] = r.nextInt(129) - 64;
        }
        inputs = Map.of("x", xv);
    }

    @Test
    void anHonestProofVerifiesWithTheInterpretersOutput() {
        CompiledCircuit.WitnessResult w = circuit.witness(inputs);
        MockProver.assertSatisfied(circuit.constraintSystem(), w.witness());
        Map<String, FixedTensor> spec = FixedPointInterpreter.runAllQuantized(graph, plan,
                Map.of("x", new FixedTensor(Shape.of(1, 40), S, inputs.get("x"))));
        String out = graph.outputs().get(0).name();
        assertArrayEquals(spec.get(out).toArray(), w.outputs().get(out));
        Proof proof = Prover.prove(keys.pk(), circuit.phased(w), new SecureRandom());
        assertEquals(new Verifier.Verdict(true, "accepted"), Verifier.check(keys.vk(), proof, proof.instances()));
        MatMulTampering.assertOtherOutputRejected(keys.vk(), proof);
    }

    @Test
    void aProofOfATamperedProductIsRejected() {
        MatMulTampering.assertUnprovableAndRejected(keys, circuit,
                MatMulTampering.withMatMulOutputChanged(circuit, inputs, 5, 1 << S));
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
