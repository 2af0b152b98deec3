package dev.zkmlc.cli;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.frontend.input.TensorJson;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Output;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.fixed.FixedTensor;
import dev.zkmlc.prover.artifact.KeyCodec;
import dev.zkmlc.prover.artifact.ProofCodec;
import dev.zkmlc.prover.plonk.Proof;
import dev.zkmlc.prover.plonk.Prover;
import dev.zkmlc.prover.plonk.ProvingKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code zkmlc prove}: a proof that the model produced its output on an input. */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = "Compile a model, build the witness for an input, and prove it with a proving key. "
                + "Writes proof.bin, proof.json (public values) and outputs.json.",
        footer = ExitCodes.HELP_TEXT)
final class ProveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    QuantOptions quant;

    @Mixin
    CircuitOptions circuit;

    @Option(names = "--pk", paramLabel = "FILE", required = true, description = "The proving key from `zkmlc setup`.")
    Path pkFile;

    @Option(names = "--input", paramLabel = "FILE", required = true, description = "The input (input.json).")
    Path input;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Where to write the proof (default: zkmlc-out/<model>).")
    Path out;

    @Option(names = "--force", description = "Write into --out even if zkmlc did not make that directory.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        Path dir = out != null ? out : OutputDirectory.defaultFor(model.model);
        OutputDirectory.check(dir, force);
        FileArgs.readable(pkFile);
        FileArgs.readable(input);
        Phases phases = new Phases(spec.commandLine().getErr());
        // The key does not depend on the compile: read it meanwhile (the compile leaves a core idle much of the
        // time), and wait for what remains of it after.
        FutureTask<ProvingKey> pkRead = background("read-pk", () -> readPk(pkFile));
        // setup leaves the search's choice beside the key: with the same options, compile that circuit directly.
        String options = LayoutPin.optionsOf(spec, model.model);
        Optional<LayoutPin> pin = LayoutPin.read(pkFile.toAbsolutePath().resolveSibling(LayoutPin.FILE))
                .filter(p -> p.options().equals(options));
        Optional<Pipeline.Compiled> fromPin = pin.flatMap(p -> phases.run("compile",
                () -> Pipeline.compilePinned(model, quant, circuit, p)));
        Pipeline.Compiled first = fromPin.orElseGet(() -> phases.run("compile",
                () -> Pipeline.compile(model, quant, circuit, (p, g) -> { })));
        // The circuit's hash and the witness need no key either: they run while the key is still being read, and
        // side by side (the constraint system is immutable), as the key's read is often done by then.
        FutureTask<byte[]> hashing = background("circuit-hash",
                () -> KeyCodec.circuitHash(first.circuit().constraintSystem()));
        CompiledCircuit.WitnessResult firstWitness = witness(first, phases);
        byte[] firstHash = await(hashing);
        ProvingKey pk = phases.run("read pk", () -> await(pkRead));
        boolean matches = Arrays.equals(pk.vk().circuitHash(), firstHash);
        // A pin that does not give the key's circuit (stale, or from another zkmlc) is ignored: search as before.
        Pipeline.Compiled c = matches || fromPin.isEmpty() ? first
                : phases.run("compile", () -> Pipeline.compile(model, quant, circuit, (p, g) -> { }));
        if (!matches && (c == first || !Arrays.equals(pk.vk().circuitHash(),
                KeyCodec.circuitHash(c.circuit().constraintSystem())))) {
            throw new UserError(pkFile + ": this proving key was made for another circuit (other model or options); "
                    + "run `zkmlc setup` with the same model and options");
        }
        CompiledCircuit.WitnessResult w = c == first ? firstWitness : witness(c, phases);
        Proof proof = phases.run("prove", () -> Prover.prove(pk, c.circuit().phased(w), new SecureRandom()));
        OutputDirectory.prepare(dir, force);
        ProofCodec.write(proof, dir.resolve("proof.bin"));
        Files.writeString(dir.resolve("proof.json"), ProofCodec.toJson(proof));
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        for (Output o : c.graph().outputs()) {
            Shape shape = c.graph().typeOf(o.name()).shape();
            outputs.put(o.name(), new FixedTensor(shape, c.plan().scale(o.name()), w.outputs().get(o.name())).dequantize());
        }
        Files.writeString(dir.resolve("outputs.json"), TensorJson.writeOutputs(outputs));
        spec.commandLine().getOut().println("wrote " + dir.resolve("proof.bin") + " (" + Files.size(dir.resolve("proof.bin"))
                + " bytes), " + dir.resolve("proof.json") + " and " + dir.resolve("outputs.json"));
        return ExitCodes.OK;
    }

    /** A compiled circuit's witness for the --input file. */
    private CompiledCircuit.WitnessResult witness(Pipeline.Compiled c, Phases phases) {
        Map<String, Tensor> inputs = TensorJson.readInputs(input, c.graph());
        Map<String, long[]> quantized = new LinkedHashMap<>();
        for (Input in : c.graph().inputs()) {
            quantized.put(in.name(), FixedTensor.quantize(inputs.get(in.name()), c.plan().scale(in.name())).toArray());
        }
        return phases.run("witness", () -> c.circuit().witness(quantized));
    }

    /** The task, running on a thread of its own that does not keep the JVM alive. */
    private static <T> FutureTask<T> background(String name, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return task;
    }

    /** The task's result, with its own exception (a format error says what is wrong with the file). */
    private static <T> T await(FutureTask<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a background task", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static ProvingKey readPk(Path file) {
        try {
            return KeyCodec.readProvingKey(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
