package dev.zkmlc.cli;

import dev.zkmlc.frontend.dsl.DeclaredVisibility;
import dev.zkmlc.frontend.dsl.ZkFrontend;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Output;
import dev.zkmlc.ir.Visibility;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The options every command that reads a model shares. */
final class ModelOptions {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model: a .zk program or an .onnx file.")
    Path model;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1", converter = OptionValues.Positive.class,
            description = "Size for symbolic batch dimensions of ONNX inputs (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "-O", paramLabel = "LEVEL", defaultValue = "2", converter = OptionValues.OptLevel.class,
            description = "Optimisation level 0..3: 0 no passes; 1 graph passes; 2 and 3 also search layouts (default: ${DEFAULT-VALUE}).")
    int optLevel;

    @Option(names = "--input-visibility", paramLabel = "V",
            description = "Make every model input public, private or hashed (default: as the model declares; ONNX inputs are private).")
    String inputVisibility;

    @Option(names = "--output-visibility", paramLabel = "V",
            description = "Make every model output public, private or hashed (default: as the model declares; ONNX outputs are public).")
    String outputVisibility;

    @Option(names = "--param-visibility", paramLabel = "V",
            description = "Make the weights private, public, fixed or hashed (default: as the model declares; private).")
    String paramVisibility;

    /** The command this mixin belongs to, for its error stream; null when built outside picocli. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * The graph with the visibilities the options override (the Maven plugin configures them the
     * same way). The command line wins over a .zk program's declarations, with a note for each it
     * changes (docs/visibility.md).
     */
    Graph withVisibility(Graph g) {
        if (inputVisibility == null && outputVisibility == null && paramVisibility == null) {
            return g;
        }
        List<Input> inputs = new ArrayList<>();
        for (Input in : g.inputs()) {
            inputs.add(inputVisibility == null ? in : new Input(in.name(), in.type(), runtime("--input-visibility", inputVisibility)));
        }
        List<Output> outputs = new ArrayList<>();
        for (Output out : g.outputs()) {
            outputs.add(outputVisibility == null ? out : new Output(out.name(), runtime("--output-visibility", outputVisibility)));
        }
        Visibility params = paramVisibility == null ? g.parameterVisibility() : parse("--param-visibility", paramVisibility);
        noteOverriddenDeclarations();
        return g.withVisibility(inputs, outputs, params);
    }

    private void noteOverriddenDeclarations() {
        if (command == null || !ModelLoader.format(model).equals("zk")) {
            return;
        }
        for (DeclaredVisibility d : ZkFrontend.declaredVisibilities(model)) {
            String option = d.role() == DeclaredVisibility.Role.INPUT ? "--input-visibility"
                    : d.role() == DeclaredVisibility.Role.OUTPUT ? "--output-visibility" : "--param-visibility";
            String value = d.role() == DeclaredVisibility.Role.INPUT ? inputVisibility
                    : d.role() == DeclaredVisibility.Role.OUTPUT ? outputVisibility : paramVisibility;
            if (value != null && !value.equalsIgnoreCase(d.visibility().keyword())) {
                String what = d.role() == DeclaredVisibility.Role.PARAMETERS ? "the parameters (param '" + d.name() + "')"
                        : d.role().name().toLowerCase() + " '" + d.name() + "'";
                command.commandLine().getErr().println(d.location() + ": note: " + option + " " + value.toLowerCase()
                        + " overrides the declared '" + d.visibility().keyword() + "' of " + what);
            }
        }
    }

    /** Inputs and outputs are only known when proving, so they cannot sit in fixed columns. */
    private static Visibility runtime(String option, String value) {
        Visibility v = parse(option, value);
        if (v == Visibility.FIXED) {
            throw new UsageError(option + ": 'fixed' is only for weights (values known at compile time); use public, private or hashed");
        }
        return v;
    }

    private static Visibility parse(String option, String value) {
        for (Visibility v : Visibility.values()) {
            if (v.keyword().equals(value.toLowerCase())) {
                return v;
            }
        }
        throw new UsageError(option + ": expected public, private, fixed or hashed, got '" + value + "'");
    }
}
