package dev.zkmlc.tests.corpus;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.backend.plonk.PlonkBackend;
import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.mock.Failure;
import dev.zkmlc.circuit.mock.MockProver;
import dev.zkmlc.frontend.input.TensorJson;
import dev.zkmlc.frontend.onnx.OnnxImporter;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Output;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.fixed.FixedPointInterpreter;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.fixed.FixedTensor;
import dev.zkmlc.optimizer.lower.Lowering;
import dev.zkmlc.optimizer.pass.PassManager;
import dev.zkmlc.optimizer.quant.QuantizeOptions;
import dev.zkmlc.optimizer.quant.Quantizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every corpus model that imports and runs in fixed point compiles to a circuit whose honest
 * witness satisfies the mock prover and whose public outputs equal the exact interpreter's bit for
 * bit, under each backend of {@code -Dcorpus.backends} (default halo2; also plonk, plonk-vanilla).
 * To keep the default suite fast, models with more than {@code -Dcorpus.maxParams} weights (default
 * {@value #DEFAULT_MAX_PARAMETERS}) or whose dry run needs more than 2^{@code -Dcorpus.maxK} rows
 * (default {@value #DEFAULT_MAX_K}) are left to longer runs; {@code -Dcorpus.full=true} takes every
 * model, {@code -Dcorpus.only=a,b} only the named models, {@code -Dcorpus.fused=true} fuses every dense layer
 * where the backend can ({@link dev.zkmlc.optimizer.lower.GadgetChoice#FUSED}). {@code -Dzkmlc.writeDocs=true} rewrites
 * docs/circuit-conformance.md.
 */
class CircuitCorpusTest {
    static final long DEFAULT_MAX_PARAMETERS = 20_000;
    static final int DEFAULT_MAX_K = 18;

    record Limits(long maxParameters, int maxK) {
        String flags() {
            return maxParameters == Long.MAX_VALUE ? " -Dcorpus.full=true"
                    : " -Dcorpus.maxParams=" + maxParameters + " -Dcorpus.maxK=" + maxK;
        }
    }

    record Outcome(String model, String status, String detail) {}

    @Test
    void everyModelThatRunsInFixedPointProvesInTheMockProver() throws IOException {
        Path corpus = Corpus.location();
        assumeTrue(Files.isDirectory(corpus), "corpus not found at " + corpus + " (../shared/models/ezkl)");
        boolean full = Boolean.getBoolean("corpus.full");
        Limits limits = full ? new Limits(Long.MAX_VALUE, 28)
                : new Limits(Long.getLong("corpus.maxParams", DEFAULT_MAX_PARAMETERS),
                        Integer.getInteger("corpus.maxK", DEFAULT_MAX_K));
        List<String> only = System.getProperty("corpus.only", "").isBlank() ? List.of()
                : Arrays.stream(System.getProperty("corpus.only").split(",")).map(String::strip).toList();
        List<Outcome> outcomes = new ArrayList<>();
        for (String backendName : System.getProperty("corpus.backends", "halo2").split(",")) {
            Backend backend = backend(backendName.strip());
            for (Path dir : Corpus.models(corpus)) {
                if (!only.isEmpty() && !only.contains(dir.getFileName().toString())) {
                    continue;
                }
                long start = System.nanoTime();
                Outcome o = run(dir, backend, limits);
                String detail = backend.name() + ": " + o.detail()
                        + (o.status().equals("skipped") ? "" : String.format("; %.1f s", (System.nanoTime() - start) / 1e9));
                outcomes.add(new Outcome(o.model(), o.status(), detail));
                if (full) { // long opt-in runs: say how each model went as it goes
                    System.out.println("circuit corpus: " + o.model() + " " + o.status() + " (" + detail + ")");
                }
            }
        }
        long passed = outcomes.stream().filter(o -> o.status().equals("pass")).count();
        List<Outcome> failed = outcomes.stream().filter(o -> o.status().equals("FAIL")).toList();
        System.out.println("circuit corpus: " + passed + " pass the mock prover bit for bit; " + failed.size()
                + " fail; " + (outcomes.size() - passed - failed.size()) + " not compiled (import, fixed point or size)");
        if (Boolean.getBoolean("zkmlc.writeDocs")) {
            Files.writeString(Corpus.projectRoot().resolve("docs").resolve("circuit-conformance.md"), render(outcomes, limits));
        }
        assertTrue(failed.isEmpty(), "circuits that fail the mock prover or disagree with the spec: " + failed);
    }

    static Backend backend(String name) {
        switch (name) {
            case "halo2":
                return new Halo2StyleBackend();
            case "plonk":
                return PlonkBackend.withLookupTable();
            case "plonk-vanilla":
                return PlonkBackend.vanilla();
            default:
                throw new IllegalArgumentException("-Dcorpus.backends: unknown backend '" + name + "'");
        }
    }

    /**
     * The default lowering, or with {@code -Dcorpus.fused=true} on a backend that lays it out, every dense layer
     * fused ({@link dev.zkmlc.optimizer.lower.GadgetChoice#FUSED}).
     */
    static GadgetProgram lowered(Graph graph, FixedPointPlan plan, Backend backend) {
        dev.zkmlc.optimizer.lower.LoweringChoices choices = dev.zkmlc.optimizer.lower.LoweringChoices.defaults();
        if (Boolean.getBoolean("corpus.fused") && backend.capabilities(LayoutOptions.defaults()).fusedDotRescale()) {
            for (var p : Lowering.lowerWith(graph, plan, choices).choicePoints()) {
                if (p.kind() == dev.zkmlc.optimizer.lower.GadgetChoice.Kind.FUSE) {
                    choices = choices.with(p, dev.zkmlc.optimizer.lower.GadgetChoice.FUSED);
                }
            }
        }
        return Lowering.lowerWith(graph, plan, choices).program();
    }

    static Outcome run(Path dir, Backend backend, Limits limits) {
        String name = dir.getFileName().toString();
        Graph graph;
        Map<String, Tensor> inputs;
        FixedPointPlan plan;
        try {
            graph = PassManager.forLevel(2).run(new OnnxImporter().importFile(dir.resolve("network.onnx"))).graph();
            inputs = TensorJson.readInputs(dir.resolve("input.json"), graph);
            plan = Quantizer.quantize(graph,
                    QuantizeOptions.defaults(QuantizeOptions.Target.ACCURACY).withCalibration(List.of(inputs)));
            FixedPointInterpreter.run(graph, plan, inputs);
        } catch (RuntimeException e) {
            return new Outcome(name, "skipped", "does not run in fixed point: " + firstLine(e));
        }
        if (graph.parameterCount() > limits.maxParameters()) {
            return new Outcome(name, "skipped", graph.parameterCount() + " parameters (above -Dcorpus.maxParams="
                    + limits.maxParameters() + ")");
        }
        try {
            GadgetProgram program = lowered(graph, plan, backend);
            int k = backend.dryRun(program, LayoutOptions.defaults()).k();
            if (k > limits.maxK()) {
                return new Outcome(name, "skipped", "k=" + k + " (above -Dcorpus.maxK=" + limits.maxK() + ")");
            }
            CompiledCircuit circuit = backend.layout(program, LayoutOptions.defaults());
            Map<String, long[]> quantized = new LinkedHashMap<>();
            for (Input in : graph.inputs()) {
                quantized.put(in.name(), FixedTensor.quantize(inputs.get(in.name()), plan.scale(in.name())).toArray());
            }
            CompiledCircuit.WitnessResult w = circuit.witness(quantized);
            List<Failure> failures = MockProver.check(circuit.constraintSystem(), w.witness());
            Map<String, FixedTensor> spec = FixedPointInterpreter.run(graph, plan, inputs);
            for (Output o : graph.outputs()) {
                if (!Arrays.equals(spec.get(o.name()).toArray(), w.outputs().get(o.name()))) {
                    return new Outcome(name, "FAIL", "output " + o.name() + " differs from the exact interpreter");
                }
            }
            var s = circuit.stats();
            String shape = "k=" + s.k() + ", " + s.usedRows() + " rows, " + s.adviceColumns() + " advice columns, "
                    + s.lookups() + " lookups";
            return failures.isEmpty() ? new Outcome(name, "pass", shape)
                    : new Outcome(name, "FAIL", failures.size() + " failures, first: " + failures.get(0));
        } catch (RuntimeException e) {
            String message = firstLine(e);
            boolean unsupported = message.contains("not supported") || message.contains("unsupported");
            return new Outcome(name, unsupported ? "skipped" : "FAIL", message);
        }
    }

    private static String firstLine(RuntimeException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    static String render(List<Outcome> outcomes, Limits limits) {
        StringBuilder sb = new StringBuilder("# Circuit conformance over the corpus\n\n");
        sb.append("Regenerated by `mvn -pl tests -am verify -Dtest=CircuitCorpusTest -Dsurefire.failIfNoSpecifiedTests=false "
                + "-Dzkmlc.writeDocs=true").append(limits.flags()).append(" -Dcorpus.backends=").append(System.getProperty("corpus.backends", "halo2"))
                .append("` (the default suite runs halo2 with -Dcorpus.maxParams=").append(DEFAULT_MAX_PARAMETERS)
                .append(" -Dcorpus.maxK=").append(DEFAULT_MAX_K).append(").\n");
        sb.append("Each model: -O2 graph passes, quantized (accuracy target, calibrated on its own input), lowered, laid out "
                + "by the backend named in the detail (default options), witness from its input.json, mock prover; `pass` means every constraint "
                + "holds and the public outputs equal the exact fixed-point interpreter's bit for bit.\n\n");
        sb.append("| model | result | detail |\n|---|---|---|\n");
        for (Outcome o : outcomes) {
            sb.append("| ").append(o.model()).append(" | ").append(o.status()).append(" | ")
                    .append(o.detail().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }
}
