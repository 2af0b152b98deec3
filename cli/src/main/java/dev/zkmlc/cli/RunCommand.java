package dev.zkmlc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zkmlc.frontend.input.TensorJson;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Output;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.fixed.ErrorBound;
import dev.zkmlc.ir.fixed.FixedPointInterpreter;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.fixed.FixedTensor;
import dev.zkmlc.ir.interp.FloatInterpreter;
import dev.zkmlc.optimizer.pass.PassManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code zkmlc run}: the model on one input, in float and in the exact fixed-point semantics. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Interpret a model on an input: float (64-bit) and exact fixed-point outputs side by side.",
        footer = ExitCodes.HELP_TEXT)
final class RunCommand implements Callable<Integer> {
    private static final int SHOWN = 10;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    QuantOptions quant;

    @Option(names = "--input", paramLabel = "FILE", required = true, description = "The input (input.json).")
    Path input;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Write the outputs as JSON: float values under 'outputs', fixed-point ones under 'fixed_point'.")
    Path output;

    @Option(names = "--force", description = "Overwrite the --output file if it exists.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (output != null) {
            FileArgs.writable(output, force);
        }
        FileArgs.readable(input);
        Graph graph = PassManager.forLevel(model.optLevel).run(ModelLoader.load(model.model, model.batch)).graph();
        Map<String, Tensor> inputs = TensorJson.readInputs(input, graph);
        FixedPointPlan plan = quant.plan(graph);
        Map<String, Tensor> floats = FloatInterpreter.run(graph, inputs);
        Map<String, FixedTensor> fixed = FixedPointInterpreter.run(graph, plan, inputs);
        Map<String, Tensor> bounds = ErrorBound.propagate(graph, plan, inputs);
        ObjectNode json = new ObjectMapper().createObjectNode();
        ObjectNode floatJson = json.putObject("outputs");
        ObjectNode fixedJson = json.putObject("fixed_point");
        for (Output o : graph.outputs()) {
            Tensor f = floats.get(o.name());
            FixedTensor q = fixed.get(o.name());
            Tensor dq = q.dequantize();
            Tensor bound = bounds.get(o.name());
            double maxErr = 0;
            double maxBound = 0;
            boolean within = true;
            for (int i = 0; i < f.size(); i++) {
                double err = Math.abs(f.get(i) - dq.get(i));
                maxErr = Math.max(maxErr, err);
                maxBound = Math.max(maxBound, bound.get(i));
                within &= err <= bound.get(i) + 1e-9 * Math.max(1, Math.abs(f.get(i)));
            }
            out.printf("%s %s (fixed-point scale 2^-%d, max |float - fixed| = %.6g, stated bound %.6g: %s)%n", o.name(),
                    f.shape(), q.scale(), maxErr, maxBound, within ? "within" : "EXCEEDED");
            out.printf("  %-14s %-14s %-10s %s%n", "float", "fixed-point", "integer", "bound");
            for (int i = 0; i < Math.min(SHOWN, f.size()); i++) {
                out.printf("  %-14.6g %-14.6g %-10d %.3g%n", f.get(i), dq.get(i), q.get(i), bound.get(i));
            }
            if (f.size() > SHOWN) {
                out.printf("  ... %d more%n", f.size() - SHOWN);
            }
            put(floatJson.putObject(o.name()), f);
            ObjectNode fx = fixedJson.putObject(o.name());
            put(fx, dq);
            fx.put("scale", q.scale());
            ArrayNode ints = fx.putArray("quantized");
            for (int i = 0; i < q.size(); i++) {
                ints.add(q.get(i));
            }
        }
        if (output != null) {
            Files.writeString(output, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json) + "\n");
            out.println("wrote " + output);
        }
        return ExitCodes.OK;
    }

    private static void put(ObjectNode node, Tensor t) {
        ArrayNode dims = node.putArray("dims");
        for (int d : t.shape().dims()) {
            dims.add(d);
        }
        ArrayNode data = node.putArray("data");
        for (int i = 0; i < t.size(); i++) {
            data.add(t.get(i));
        }
    }
}
