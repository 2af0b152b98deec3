package dev.zkmlc.cli;

import dev.zkmlc.circuit.audit.Auditor;
import dev.zkmlc.circuit.audit.Finding;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.mock.Failure;
import dev.zkmlc.circuit.mock.MockProver;
import dev.zkmlc.frontend.input.TensorJson;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.fixed.FixedTensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zkmlc audit}: searches for a second witness that satisfies every constraint but differs
 * from the honest one for the input (see {@link Auditor}); exit 1 when one is found.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Search for an under-constrained gadget: a second witness for the same input that every constraint accepts.",
        footer = ExitCodes.HELP_TEXT)
final class AuditCommand implements Callable<Integer> {
    private static final int SHOWN_FINDINGS = 20;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    QuantOptions quant;

    @Mixin
    CircuitOptions circuit;

    @Option(names = "--input", paramLabel = "FILE", required = true, description = "The input (input.json).")
    Path input;

    @Option(names = "--wires", paramLabel = "N", defaultValue = "200", converter = OptionValues.NonNegative.class,
            description = "Computed wires to change and re-solve downstream (default: ${DEFAULT-VALUE}).")
    int wires;

    @Option(names = "--cells", paramLabel = "N", defaultValue = "200", converter = OptionValues.NonNegative.class,
            description = "Single witness cells to change (default: ${DEFAULT-VALUE}).")
    int cells;

    @Option(names = "--pairs", paramLabel = "N", defaultValue = "200", converter = OptionValues.NonNegative.class,
            description = "Cell pairs to change, half within a row, half across rows of a region (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        FileArgs.readable(input);
        Pipeline.Compiled c = Pipeline.compile(model, quant, circuit, (p, g) -> { });
        Map<String, Tensor> inputs = TensorJson.readInputs(input, c.graph());
        Map<String, long[]> quantized = new LinkedHashMap<>();
        for (Input in : c.graph().inputs()) {
            quantized.put(in.name(), FixedTensor.quantize(inputs.get(in.name()), c.plan().scale(in.name())).toArray());
        }
        CompiledCircuit compiled = c.circuit();
        List<Failure> failures = MockProver.check(compiled.constraintSystem(), compiled.witness(quantized).witness(), 5);
        if (!failures.isEmpty()) {
            out.println("audit        the honest witness already fails; run 'zkmlc mock' for the details");
            failures.forEach(f -> out.println("  " + f));
            return ExitCodes.REJECTED;
        }
        Auditor.Report report = Auditor.audit(compiled, quantized, new Auditor.Options(wires, cells, pairs, seed));
        out.printf("audit        %s, %d candidate witnesses tried (%d dependent cells, %d wires)%n",
                compiled.stats().backend(), report.witnessesTried(), compiled.dependentCells().size(),
                compiled.program().wireCount());
        if (report.clean()) {
            out.println("audit        no second witness found: every mutation tried was rejected");
            return ExitCodes.OK;
        }
        out.println("audit        " + report.findings().size() + " second witnesses accepted (under-constrained):");
        report.findings().stream().limit(SHOWN_FINDINGS).forEach((Finding f) -> out.println("  " + f));
        return ExitCodes.REJECTED;
    }
}
