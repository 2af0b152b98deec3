package dev.zkmlc.cli;

import dev.zkmlc.ir.Visibility;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code zkmlc commit}: the commitment that {@code zkmlc verify --expect-model} holds a proof to. */
@Command(name = "commit", mixinStandardHelpOptions = true,
        description = "Compile a model and print its commitment: the Poseidon hash of its quantized weights and the hash"
                + " of its circuit (which, for fixed weights, identifies the weights). Give it to `zkmlc verify --expect-model`.",
        footer = ExitCodes.HELP_TEXT)
final class CommitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    QuantOptions quant;

    @Mixin
    CircuitOptions circuit;

    @Override
    public Integer call() {
        ModelCommitment m = ModelCommitment.of(Pipeline.compile(model, quant, circuit, (p, g) -> { }));
        PrintWriter out = spec.commandLine().getOut();
        out.println(m.text());
        PrintWriter err = spec.commandLine().getErr();
        err.println("weights " + ModelCommitment.hex(m.weights()) + " (Poseidon chain of " + m.weightCount()
                + " quantized weights, docs/poseidon.md)");
        err.println("weights are " + m.parameters().keyword() + (m.parameters() == Visibility.HASHED
                ? "; their hash is public value " + m.instanceRow() : "; the verifying key identifies them"));
        return ExitCodes.OK;
    }
}
