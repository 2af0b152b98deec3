package dev.zkmlc.cli;

import dev.zkmlc.frontend.input.TensorJson;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.optimizer.quant.AccuracyReport;
import java.util.List;
import dev.zkmlc.optimizer.pass.PassManager;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code zkmlc compile}: model to circuit, with a report of what was done. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Parse, check, optimise and quantize a model, lay it out as a circuit, and report.",
        footer = ExitCodes.HELP_TEXT)
final class CompileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    QuantOptions quant;

    @Option(names = "--input", paramLabel = "FILE",
            description = "An input (input.json) on which to measure the quantization error against float.")
    java.nio.file.Path input;

    @Option(names = "--json", description = "Print the compile report as JSON.")
    boolean json;

    @Option(names = "--dump-ir", arity = "0..1", paramLabel = "WHEN", fallbackValue = "final",
            description = "Print the graph IR: 'final' (default), 'after-pass' (after every pass), or after one named pass.")
    String dumpIr;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Graph loaded = ModelLoader.load(model.model, model.batch);
        PassManager passes = PassManager.forLevel(model.optLevel);
        PassManager.Result optimised = passes.run(loaded, (pass, graph) -> {
            if (dumpIr != null && (dumpIr.equals("after-pass") || dumpIr.equals(pass))) {
                out.println("// after " + pass);
                out.print(graph);
            }
        });
        if ("final".equals(dumpIr)) {
            out.print(optimised.graph());
        }
        Graph graph = optimised.graph();
        FixedPointPlan plan = quant.plan(graph);
        Map<String, Object> quantization = quantizationSection(graph, plan);
        CompileReport report = CompileReport.of(graph, model.model.toString(), model.optLevel,
                optimised.passes(), quantization, Map.of());
        out.print(json ? Json.write(report) + "\n" : report.toText());
        return ExitCodes.OK;
    }

    private Map<String, Object> quantizationSection(Graph graph, FixedPointPlan plan) {
        Map<String, Object> q = CompileReport.section();
        q.put("target", quant.parsedTarget().name().toLowerCase());
        q.put("calibrationSamples", quant.options(graph).calibration().size());
        q.put("inputScales", graph.inputs().stream().map(i -> i.name() + ": 2^-" + plan.scale(i.name())).toList());
        q.put("outputScales", graph.outputs().stream().map(o -> o.name() + ": 2^-" + plan.scale(o.name())).toList());
        q.put("weightScale", "2^-" + plan.weightScale());
        q.put("activationBits", plan.activationBits());
        q.put("lookupTables", plan.tables().size());
        q.put("lookupTableRows", plan.tables().values().stream().mapToLong(t -> t.hi() - t.lo() + 1).sum());
        if (input != null) {
            AccuracyReport acc = AccuracyReport.measure(graph, plan, List.of(TensorJson.readInputs(input, graph)));
            q.put("maxAbsError", acc.maxAbsError());
            q.put("meanAbsError", acc.meanAbsError());
        }
        return q;
    }
}
