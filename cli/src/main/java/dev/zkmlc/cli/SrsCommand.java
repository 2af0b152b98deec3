package dev.zkmlc.cli;

import dev.zkmlc.prover.srs.PtauFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code zkmlc srs --dev}: a development structured reference string, in snarkjs's .ptau format. */
@Command(name = "srs", mixinStandardHelpOptions = true,
        description = "Write a DEVELOPMENT structured reference string (.ptau, snarkjs format) whose secret is known. "
                + "Not for production: use a .ptau from a public Powers-of-Tau ceremony there.",
        footer = ExitCodes.HELP_TEXT)
final class SrsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dev", required = true, description = "Acknowledge that the SRS is for development only.")
    boolean dev;

    @Option(names = "-k", paramLabel = "K", required = true, converter = OptionValues.SrsPower.class, description = "Power: 2^(K+1) - 1 powers of tau in G1, for circuits of up to 2^K rows.")
    int k;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true, description = "The .ptau file to write.")
    Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the known secret (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--force", description = "Overwrite FILE if it exists.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        FileArgs.writable(out, force);
        PtauFile.writeDevelopment(out, k, seed);
        spec.commandLine().getErr().println("WARNING: " + out + " is a development SRS with a known secret; "
                + "proofs made with it are NOT sound against its holder. Do not use it in production.");
        spec.commandLine().getOut().println("wrote " + out + " (power " + k + ")");
        return ExitCodes.OK;
    }
}
