package dev.zkmlc.cli;

import dev.zkmlc.optimizer.cost.CostProfile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code zkmlc calibrate-cost}: measures the cost model's unit costs on this machine. */
@Command(name = "calibrate-cost", mixinStandardHelpOptions = true,
        description = "Measure the prover's kernels (NTT, MSM, field multiplication, witness filling) on this machine "
                + "and write a cost profile for --cost-profile.",
        footer = ExitCodes.HELP_TEXT)
final class CalibrateCostCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "cost-profile.json",
            description = "Where to write the profile (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--max-log", paramLabel = "N", defaultValue = "14", converter = OptionValues.MaxLog.class,
            description = "Largest NTT measured, 2^N points, 10..20 (default: ${DEFAULT-VALUE}).")
    int maxLog;

    @Option(names = "--force", description = "Overwrite FILE if it exists.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        FileArgs.writable(out, force);
        PrintWriter w = spec.commandLine().getOut();
        CostProfile p = CostCalibration.measure(maxLog, (what, v) -> {
            w.printf(Locale.ROOT, "%-45s %.2f%n", what, v);
            w.flush();
        });
        Files.writeString(out, p.toJson());
        w.println("wrote " + out + " (use it with --cost-profile " + out + ")");
        return ExitCodes.OK;
    }
}
