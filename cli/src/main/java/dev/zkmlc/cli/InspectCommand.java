package dev.zkmlc.cli;

import dev.zkmlc.ir.Graph;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code zkmlc inspect}: the model as the compiler sees it, before any pass. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print a model's graph IR as imported (inputs, weights, every op with its type and source).",
        footer = ExitCodes.HELP_TEXT)
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Override
    public Integer call() {
        Graph g = ModelLoader.load(model.model, model.batch);
        spec.commandLine().getOut().print(g);
        return ExitCodes.OK;
    }
}
