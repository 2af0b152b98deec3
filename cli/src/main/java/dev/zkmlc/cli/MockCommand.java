package dev.zkmlc.cli;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.mock.Failure;
import dev.zkmlc.circuit.mock.MockProver;
import dev.zkmlc.frontend.input.TensorJson;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Output;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.fixed.FixedPointInterpreter;
import dev.zkmlc.ir.fixed.FixedTensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code zkmlc mock}: builds the witness for an input and checks every gate, lookup and copy
 * constraint, and that the circuit's public output equals the exact interpreter's bit for bit.
 */
@Command(name = "mock", mixinStandardHelpOptions = true,
        description = "Compile, build the witness for an input, and check every constraint with the mock prover.",
        footer = ExitCodes.HELP_TEXT)
final class MockCommand implements Callable<Integer> {
    private static final int SHOWN_FAILURES = 20;

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
        CompiledCircuit.WitnessResult w = compiled.witness(quantized);
        List<Failure> failures = MockProver.check(compiled.constraintSystem(), w.witness());
        Map<String, FixedTensor> expected = FixedPointInterpreter.run(c.graph(), c.plan(), inputs);
        boolean agree = true;
        for (Output o : c.graph().outputs()) {
            long[] circuitOut = w.outputs().get(o.name());
            long[] spec = expected.get(o.name()).toArray();
            if (!Arrays.equals(circuitOut, spec)) {
                agree = false;
                out.println("output " + o.name() + ": the circuit's value differs from the exact interpreter's");
            }
        }
        var stats = compiled.stats();
        out.printf("circuit      %s, k=%d, %d rows used, %d advice columns, %d lookups, degree %d%n",
                stats.backend(), stats.k(), stats.usedRows(), stats.adviceColumns(), stats.lookups(), stats.degree());
        for (Output o : c.graph().outputs()) {
            long[] v = w.outputs().get(o.name());
            out.println("output       " + o.name() + " = " + preview(v) + " (scale 2^-" + c.plan().scale(o.name()) + ")");
        }
        if (failures.isEmpty() && agree) {
            out.println("mock prover  all constraints hold; outputs equal the exact interpreter's bit for bit");
            return ExitCodes.OK;
        }
        out.println("mock prover  " + failures.size() + " constraint failures");
        failures.stream().limit(SHOWN_FAILURES).forEach(f -> out.println("  " + f));
        return ExitCodes.REJECTED;
    }

    private static String preview(long[] v) {
        if (v.length <= 10) {
            return Arrays.toString(v);
        }
        return Arrays.toString(Arrays.copyOf(v, 10)).replace("]", ", ... (" + v.length + " values)]");
    }
}
