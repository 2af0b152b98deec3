package dev.zkmlc.cli;

import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.prover.artifact.KeyCodec;
import dev.zkmlc.prover.plonk.Keys;
import dev.zkmlc.prover.plonk.Setup;
import dev.zkmlc.prover.srs.PtauFile;
import dev.zkmlc.prover.srs.Srs;
import dev.zkmlc.prover.srs.SrsFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code zkmlc setup}: proving and verifying keys for a model's circuit, from a Powers-of-Tau SRS. */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = "Compile a model and make its proving key (pk.bin) and verifying key (vk.bin) from an SRS (.ptau).",
        footer = ExitCodes.HELP_TEXT)
final class SetupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    QuantOptions quant;

    @Mixin
    CircuitOptions circuit;

    @Option(names = "--srs", paramLabel = "FILE", required = true, description = "Powers of Tau file (snarkjs .ptau).")
    Path srsFile;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Where to write the keys (default: zkmlc-out/<model>).")
    Path out;

    @Option(names = "--force", description = "Write into --out even if zkmlc did not make that directory.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        Path dir = out != null ? out : OutputDirectory.defaultFor(model.model);
        OutputDirectory.check(dir, force);
        FileArgs.readable(srsFile);
        Phases phases = new Phases(spec.commandLine().getErr());
        Pipeline.Compiled c = phases.run("compile", () -> Pipeline.compile(model, quant, circuit, (p, g) -> { }));
        ConstraintSystem cs = c.circuit().constraintSystem();
        Srs srs = phases.run("read srs", () -> readSrs(srsFile, cs.rows() + 1, cs.k()));
        if (srs.development) {
            spec.commandLine().getErr().println("WARNING: " + srsFile + " is a development SRS; keys made from it are not for production.");
        }
        Keys keys = phases.run("setup", () -> Setup.run(cs, srs));
        OutputDirectory.prepare(dir, force);
        KeyCodec.writeProvingKey(keys.pk(), dir.resolve("pk.bin"));
        KeyCodec.writeVerifyingKey(keys.vk(), dir.resolve("vk.bin"));
        LayoutPin.of(c, LayoutPin.optionsOf(spec, model.model)).write(dir.resolve(LayoutPin.FILE));
        spec.commandLine().getOut().println("wrote " + dir.resolve("pk.bin") + " and " + dir.resolve("vk.bin")
                + " (k=" + cs.k() + ", " + c.circuit().stats().backend() + ")");
        return ExitCodes.OK;
    }

    static Srs readSrs(Path file, int g1Count, int k) {
        try {
            return PtauFile.read(file, g1Count);
        } catch (SrsFormatException e) {
            if (e.getMessage().contains("powers of tau, the circuit needs")) {
                throw new UserError(e.getMessage() + " (this circuit has 2^" + k
                        + " rows; `zkmlc srs --dev -k " + k + "` makes a development SRS that fits)");
            }
            throw new UserError(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
