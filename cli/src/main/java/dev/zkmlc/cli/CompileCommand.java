package dev.zkmlc.cli;

import dev.zkmlc.ir.Graph;
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
        CompileReport report = CompileReport.of(optimised.graph(), model.model.toString(), model.optLevel,
                optimised.passes(), Map.of(), Map.of());
        out.print(json ? Json.write(report) + "\n" : report.toText());
        return ExitCodes.OK;
    }
}
