package dev.zkmlc.cli;

import dev.zkmlc.circuit.backend.LayoutStats;
import dev.zkmlc.circuit.export.CircuitExport;
import dev.zkmlc.frontend.input.TensorJson;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.optimizer.pass.GraphPass;
import dev.zkmlc.optimizer.pass.PassManager;
import dev.zkmlc.optimizer.quant.AccuracyReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code zkmlc compile}: model to circuit, with a report of what was done. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Parse, check, optimise and quantize a model, lay it out as a circuit, write it, and report.",
        footer = ExitCodes.HELP_TEXT)
final class CompileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    QuantOptions quant;

    @Mixin
    CircuitOptions circuit;

    @Option(names = "--input", paramLabel = "FILE",
            description = "An input (input.json) on which to measure the quantization error against float.")
    Path input;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Where to write the circuit and the report (default: zkmlc-out/<model>).")
    Path out;

    @Option(names = "--force", description = "Write into --out even if zkmlc did not make that directory.")
    boolean force;

    @Option(names = "--no-write", description = "Only report; write no files.")
    boolean noWrite;

    @Option(names = "--json", description = "Print the compile report as JSON.")
    boolean json;

    @Option(names = "--dump-ir", arity = "0..1", paramLabel = "WHEN", fallbackValue = "final",
            description = "Print the graph IR: 'final' (default), 'after-pass' (after every pass), or after one named pass.")
    String dumpIr;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        checkDumpIr();
        Path dir = out != null ? out : OutputDirectory.defaultFor(model.model);
        if (!noWrite) {
            OutputDirectory.check(dir, force);
        }
        if (input != null) {
            FileArgs.readable(input);
        }
        Pipeline.Compiled c = Pipeline.compile(model, quant, circuit, (pass, graph) -> {
            if (dumpIr != null && (dumpIr.equals("after-pass") || dumpIr.equals(pass))) {
                stdout.println("// after " + pass);
                stdout.print(graph);
            }
        });
        if ("final".equals(dumpIr)) {
            stdout.print(c.graph());
        }
        Map<String, Object> circuitSection = circuitSection(c.circuit().stats());
        circuitSection.put("plan", PlanReport.summary(c.layoutSearch()));
        circuitSection.put("planWhy", c.fullPlan().why());
        if (!c.fullPlan().layers().isEmpty()) {
            circuitSection.put("planLayers", PlanReport.layers(c.fullPlan()));
        }
        circuitSection.put("visibility", VisibilityReport.of(c.graph(), c.program(), c.backend(), c.layoutSearch().chosen().options()));
        CompileReport report = CompileReport.of(c.graph(), model.model.toString(), model.optLevel, c.passes(),
                quantizationSection(c.graph(), c.plan()), circuitSection);
        if (!noWrite) {
            OutputDirectory.prepare(dir, force);
            var cs = c.circuit().constraintSystem();
            CircuitExport.Encoding encoding = CircuitExport.Encoding.auto(cs, null);
            Path circuitFile = dir.resolve(encoding == CircuitExport.Encoding.JSON ? "circuit.json" : "circuit.bin");
            String contentHash = CircuitExport.write(circuitFile, cs, null, encoding);
            circuitSection.put("file", circuitFile.toString());
            circuitSection.put("contentHash", contentHash);
            Files.writeString(dir.resolve("report.json"), Json.write(report) + "\n");
            Files.writeString(dir.resolve("plan.json"), Json.write(PlanReport.full(c.fullPlan())) + "\n");
        }
        stdout.print(json ? Json.write(report) + "\n" : report.toText());
        return ExitCodes.OK;
    }

    /** --dump-ir names a moment: final, after-pass, input (as imported) or one of the level's passes. */
    private void checkDumpIr() {
        if (dumpIr == null || dumpIr.equals("final") || dumpIr.equals("after-pass") || dumpIr.equals("input")) {
            return;
        }
        List<String> passes = PassManager.forLevel(model.optLevel).passes().stream().map(GraphPass::name).toList();
        if (!passes.contains(dumpIr)) {
            throw new UsageError("--dump-ir: no pass '" + dumpIr + "' at -O" + model.optLevel + " (expected final, after-pass, input"
                    + (passes.isEmpty() ? "" : " or one of " + String.join(", ", passes)) + ")");
        }
    }

    static Map<String, Object> circuitSection(LayoutStats s) {
        Map<String, Object> m = CompileReport.section();
        m.put("backend", s.backend());
        m.put("k", s.k());
        m.put("rows", s.usedRows() + " used of " + s.totalRows() + " (tables " + s.tableRows()
                + (s.tableSegments() > 1 ? " in " + s.tableSegments() + " segments of " + s.tableRowsPerSegment() : "")
                + ")");
        m.put("tableSegments", s.tableSegments());
        m.put("columns", s.adviceColumns() + " advice, " + s.fixedColumns() + " fixed, " + s.instanceColumns() + " instance");
        m.put("gates", s.gates());
        m.put("lookups", s.lookups());
        m.put("copies", s.copies());
        m.put("degree", s.degree());
        m.put("publicValues", s.instanceValues());
        return m;
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
