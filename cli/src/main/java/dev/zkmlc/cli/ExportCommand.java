package dev.zkmlc.cli;

import dev.zkmlc.backend.plonk.ExportException;
import dev.zkmlc.backend.plonk.R1csExport;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.frontend.input.TensorJson;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.fixed.FixedTensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zkmlc export}: lays the model out as vanilla PLONK and writes the R1CS ({@code .r1cs} v1)
 * and, given an input, the witness ({@code .wtns} v2) that snarkjs reads, e.g. for
 * {@code snarkjs wtns check}, {@code snarkjs plonk setup} and {@code snarkjs plonk prove}.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the circuit as snarkjs's .r1cs and, for an input, its .wtns witness (vanilla PLONK layout).",
        footer = ExitCodes.HELP_TEXT)
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    QuantOptions quant;

    @Mixin
    CircuitOptions circuit;

    @Option(names = "--r1cs", paramLabel = "FILE", required = true, description = "Where to write the .r1cs file.")
    Path r1cs;

    @Option(names = "--wtns", paramLabel = "FILE", description = "Where to write the .wtns witness (needs --input).")
    Path wtns;

    @Option(names = "--input", paramLabel = "FILE", description = "The input (input.json) the witness is for.")
    Path input;

    @Option(names = "--force", description = "Overwrite the --r1cs and --wtns files if they exist.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        if (wtns != null && input == null) {
            throw new UsageError("--wtns needs --input (the input the witness is for)");
        }
        FileArgs.writable(r1cs, force);
        if (wtns != null) {
            FileArgs.writable(wtns, force);
            FileArgs.readable(input);
        }
        if (!spec.commandLine().getParseResult().hasMatchedOption("--backend")) {
            circuit.backend = "plonk-vanilla";
        }
        PrintWriter out = spec.commandLine().getOut();
        Pipeline.Compiled c = Pipeline.compile(model, quant, circuit, (p, g) -> { });
        R1csExport export;
        try {
            export = R1csExport.of(c.circuit());
        } catch (ExportException e) {
            throw new UserError(model.model + ": " + e.getMessage());
        }
        // The witness comes first, so that a bad input leaves no half-written export behind.
        CompiledCircuit.WitnessResult w = null;
        if (wtns != null) {
            Map<String, Tensor> inputs = TensorJson.readInputs(input, c.graph());
            Map<String, long[]> quantized = new LinkedHashMap<>();
            for (Input in : c.graph().inputs()) {
                quantized.put(in.name(), FixedTensor.quantize(inputs.get(in.name()), c.plan().scale(in.name())).toArray());
            }
            w = c.circuit().witness(quantized);
        }
        export.writeR1cs(r1cs);
        out.printf("r1cs         %s: %d wires, %d constraints, %d public outputs, %d public inputs%n", r1cs,
                export.wireCount(), export.constraintCount(), export.publicOutputs(), export.publicInputs());
        if (w != null) {
            export.writeWtns(wtns, w.witness());
            out.printf("wtns         %s: %d values%n", wtns, export.wireCount());
        }
        return ExitCodes.OK;
    }
}
