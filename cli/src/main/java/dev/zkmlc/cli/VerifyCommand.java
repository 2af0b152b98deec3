package dev.zkmlc.cli;

import dev.zkmlc.prover.artifact.KeyCodec;
import dev.zkmlc.prover.artifact.ProofCodec;
import dev.zkmlc.prover.plonk.Proof;
import dev.zkmlc.prover.plonk.Verifier;
import dev.zkmlc.prover.plonk.VerifyingKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code zkmlc verify}: accept or reject. Whatever bytes it is handed, it answers; a malformed key
 * or proof is a rejection with the reason, never an exception.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a proof against a verifying key; prints 'accept' (exit 0) or 'reject: <reason>' (exit 1).",
        footer = ExitCodes.HELP_TEXT)
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--vk", paramLabel = "FILE", required = true, description = "The verifying key (vk.bin).")
    Path vkFile;

    @Option(names = "--proof", paramLabel = "FILE", required = true, description = "The proof (proof.bin).")
    Path proofFile;

    @Option(names = "--expect-model", paramLabel = "COMMITMENT",
            description = "Reject unless the proof is about this model and its weights (the commitment `zkmlc commit` prints).")
    String expectModel;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        // A path that names no file is a mistake in the command line; only bytes can be rejected.
        FileArgs.readable(vkFile);
        FileArgs.readable(proofFile);
        VerifyingKey vk;
        Proof proof;
        try {
            vk = KeyCodec.readVerifyingKey(vkFile);
            proof = ProofCodec.read(proofFile);
        } catch (Exception e) {
            out.println("reject: " + UserErrors.message(e));
            return ExitCodes.REJECTED;
        }
        if (expectModel != null) {
            String mismatch = ModelCommitment.mismatch(expectModel, vk, proof);
            if (mismatch != null) {
                out.println("reject: " + mismatch);
                return ExitCodes.REJECTED;
            }
        }
        Verifier.Verdict verdict;
        try {
            verdict = Verifier.check(vk, proof, proof.instances());
        } catch (RuntimeException e) {
            out.println("reject: malformed proof (" + e.getMessage() + ")");
            return ExitCodes.REJECTED;
        }
        if (vk.development()) {
            spec.commandLine().getErr().println("WARNING: the verifying key comes from a development SRS; not for production.");
        }
        if (verdict.accepted()) {
            out.println("accept");
            return ExitCodes.OK;
        }
        out.println("reject: " + verdict.reason());
        return ExitCodes.REJECTED;
    }
}
