package dev.zkmlc.tests.corpus;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.frontend.dsl.ZkFrontend;
import dev.zkmlc.frontend.input.TensorJson;
import dev.zkmlc.frontend.onnx.OnnxImporter;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.fixed.FixedPointInterpreter;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.fixed.FixedTensor;
import dev.zkmlc.optimizer.cost.CostProfile;
import dev.zkmlc.optimizer.cost.DefaultCostModel;
import dev.zkmlc.optimizer.lower.Lowering;
import dev.zkmlc.optimizer.pass.PassManager;
import dev.zkmlc.optimizer.quant.QuantizeOptions;
import dev.zkmlc.optimizer.quant.Quantizer;
import dev.zkmlc.optimizer.search.LayoutEvaluator;
import dev.zkmlc.optimizer.strategy.Strategies;
import dev.zkmlc.prover.plonk.Keys;
import dev.zkmlc.prover.plonk.Proof;
import dev.zkmlc.prover.plonk.Prover;
import dev.zkmlc.prover.plonk.Setup;
import dev.zkmlc.prover.plonk.Verifier;
import dev.zkmlc.prover.srs.DevSrs;
import dev.zkmlc.prover.srs.Srs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * End to end with real proofs: every example model ({@code examples/*.zk}) and a dozen corpus models go through
 * the compiler as {@code zkmlc -O2} runs it (graph passes, quantization calibrated on the model's own input,
 * lowering, the -O2 layout search), then setup (a development SRS), prove and verify, under the halo2-style and the
 * plonk backend. A model passes when the verifier accepts the proof for the public values that the exact
 * fixed-point interpreter gives (so the proven outputs are the interpreter's, value for value), and rejects the
 * same proof for outputs with one value changed.
 *
 * <p>Minutes of proving, so it runs only with {@code -Dprove.corpus=true}; {@code -Dprove.models=a,b} picks other
 * corpus models, {@code -Dprove.backends=halo2} one backend.
 */
class ProveCorpusTest {
    static final List<String> CORPUS_MODELS = List.of("1l_mlp", "1l_conv", "1l_relu", "1l_sigmoid", "1l_softmax",
            "1l_max_pool", "1l_average", "1l_batch_norm", "2l_relu_fc", "layernorm", "lstm", "sklearn_mlp");

    record Outcome(String model, String backend, int k, boolean accepted, boolean tamperedRejected, double setupSeconds,
            double proveSeconds, double verifySeconds) {
        boolean passed() {
            return accepted && tamperedRejected;
        }
    }

    record Model(String name, Graph graph, Map<String, Tensor> inputs) {}

    @Test
    void examplesAndCorpusModelsProveAndVerifyUnderBothBackends() throws IOException {
        assumeTrue(Boolean.getBoolean("prove.corpus"), "end-to-end proving runs with -Dprove.corpus=true");
        List<Model> models = new ArrayList<>(examples(Corpus.projectRoot().resolve("examples")));
        Path corpus = Corpus.location();
        assumeTrue(Files.isDirectory(corpus), "corpus not found at " + corpus);
        String chosen = System.getProperty("prove.models");
        for (String name : chosen == null ? CORPUS_MODELS : List.of(chosen.split(","))) {
            Path dir = corpus.resolve(name.strip());
            Graph graph = new OnnxImporter().importFile(dir.resolve("network.onnx"));
            models.add(new Model(name.strip(), graph, TensorJson.readInputs(dir.resolve("input.json"), graph)));
        }
        Map<Integer, Srs> srsByK = new HashMap<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (String backendName : System.getProperty("prove.backends", "halo2,plonk").split(",")) {
            Backend backend = CircuitCorpusTest.backend(backendName.strip());
            for (Model m : models) {
                Outcome o = run(m, backend, srsByK);
                outcomes.add(o);
                System.out.printf("prove corpus: %-14s %-12s k=%-2d %s  setup %.1f s, prove %.1f s, verify %.2f s%n",
                        o.model(), o.backend(), o.k(), o.passed() ? "pass" : "FAIL", o.setupSeconds(), o.proveSeconds(),
                        o.verifySeconds());
            }
        }
        long passed = outcomes.stream().filter(Outcome::passed).count();
        System.out.printf("prove corpus: %d of %d (model, backend) pairs prove and verify; prove %.1f s in total%n",
                passed, outcomes.size(), outcomes.stream().mapToDouble(Outcome::proveSeconds).sum());
        assertTrue(passed == outcomes.size(), "failed: " + outcomes.stream().filter(o -> !o.passed()).toList());
    }

    private static List<Model> examples(Path dir) throws IOException {
        List<Model> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path zk : s.filter(p -> p.toString().endsWith(".zk")).sorted().toList()) {
                String name = zk.getFileName().toString().replace(".zk", "");
                Graph graph = ZkFrontend.compile(zk);
                out.add(new Model(name + ".zk", graph, TensorJson.readInputs(dir.resolve(name).resolve("input.json"), graph)));
            }
        }
        assertTrue(!out.isEmpty(), "no examples/*.zk under " + dir);
        return out;
    }

    static Outcome run(Model m, Backend backend, Map<Integer, Srs> srsByK) {
        Graph graph = PassManager.forLevel(2).run(m.graph()).graph();
        FixedPointPlan plan = Quantizer.quantize(graph,
                QuantizeOptions.defaults(QuantizeOptions.Target.ACCURACY).withCalibration(List.of(m.inputs())));
        var program = Lowering.lower(graph, plan);
        var search = Strategies.forLevel(2).search(new LayoutEvaluator(program, backend,
                new DefaultCostModel(CostProfile.defaults()), LayoutEvaluator.Limits.defaults()));
        CompiledCircuit circuit = backend.layout(program, search.chosen().options());
        ConstraintSystem cs = circuit.constraintSystem();
        Map<String, long[]> quantized = new LinkedHashMap<>();
        for (Input in : graph.inputs()) {
            quantized.put(in.name(), FixedTensor.quantize(m.inputs().get(in.name()), plan.scale(in.name())).toArray());
        }
        CompiledCircuit.WitnessResult w = circuit.witness(quantized);
        Map<String, FixedTensor> spec = FixedPointInterpreter.run(graph, plan, m.inputs());

        Srs srs = srsByK.computeIfAbsent(cs.k(), k -> DevSrs.generate((1 << k) + 1, DevSrs.tau(1)));
        long t0 = System.nanoTime();
        Keys keys = Setup.run(cs, srs);
        long t1 = System.nanoTime();
        Proof proof = Prover.prove(keys.pk(), circuit.phased(w), new SecureRandom());
        long t2 = System.nanoTime();
        List<List<Fr>> expected = publicValues(circuit, quantized, spec, -1);
        boolean accepted = Verifier.check(keys.vk(), proof, expected).accepted();
        long t3 = System.nanoTime();
        int lastOutput = circuit.publicValues().size() - 1;
        boolean tamperedRejected = lastOutput >= 0 && circuit.publicValues().get(lastOutput).isOutput()
                && !Verifier.check(keys.vk(), proof, publicValues(circuit, quantized, spec, lastOutput)).accepted();
        return new Outcome(m.name(), backend.name(), cs.k(), accepted, tamperedRejected, (t1 - t0) / 1e9,
                (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    }

    /**
     * The instance column as the verifier should see it, built from the model's quantized inputs and the exact
     * interpreter's outputs (not from the witness); the value at row {@code changed} is off by one.
     */
    static List<List<Fr>> publicValues(CompiledCircuit circuit, Map<String, long[]> inputs, Map<String, FixedTensor> spec,
            int changed) {
        List<Fr> column = new ArrayList<>();
        List<CompiledCircuit.PublicValue> values = circuit.publicValues();
        for (int i = 0; i < values.size(); i++) {
            CompiledCircuit.PublicValue v = values.get(i);
            long value = v.isOutput() ? spec.get(v.tensor()).toArray()[v.index()] : inputs.get(v.tensor())[v.index()];
            column.add(Fr.of(i == changed ? value + 1 : value));
        }
        return List.of(column);
    }
}
