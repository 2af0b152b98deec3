package dev.zkmlc.circuit.hash;

import dev.zkmlc.circuit.field.Fr;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * circomlibjs, pinned in the project's {@code interop/} folder, as a test oracle for the tests of
 * any module (this class ships in the circuit module's test jar): finds the folder, installs the
 * pinned packages with {@code npm ci} under the lock every interop test takes, and runs
 * {@code interop/poseidon-oracle.mjs}. Needs node 20 and npm; fails, never skips, without them.
 */
public final class Circomlibjs {
    private Circomlibjs() {}

    /** circomlibjs's {@code poseidon} over {@code values} by the chain rule of docs/poseidon.md (written in JavaScript from the text). */
    public static Fr chain(int arity, List<Fr> values, Path tmp) throws Exception {
        Path interop = interopDir();
        ensureInstalled(interop);
        StringBuilder sb = new StringBuilder("{\"chain\":[{\"arity\":").append(arity).append(",\"values\":[");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "\"" : ",\"").append(values.get(i).toBigInteger()).append('"');
        }
        Path cases = tmp.resolve("chain-case.json");
        Files.writeString(cases, sb.append("]}]}").toString(), StandardCharsets.UTF_8);
        List<String> lines = run(interop, 60, "node", "poseidon-oracle.mjs", cases.toString());
        if (lines.size() != 1 || !lines.get(0).startsWith("chain ")) {
            throw new AssertionError("circomlibjs oracle answered " + lines);
        }
        return Fr.of(new BigInteger(lines.get(0).substring("chain ".length()).trim()));
    }

    /** The project's interop/ folder: the first ancestor of the working directory that has one. */
    public static Path interopDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("interop").resolve("package-lock.json"))) {
                return p.resolve("interop");
            }
        }
        throw new AssertionError("no interop/package-lock.json above " + Path.of("").toAbsolutePath());
    }

    /**
     * Runs {@code npm ci} unless the packages are there, holding a lock on {@code interop/.install.lock}
     * so that test JVMs of other modules that use interop/ (snarkjs) never install at the same time.
     */
    public static void ensureInstalled(Path interop) throws Exception {
        try (FileChannel ch = FileChannel.open(interop.resolve(".install.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            if (!Files.isDirectory(interop.resolve("node_modules").resolve("circomlibjs"))) {
                run(interop, 300, "npm", "ci", "--no-audit", "--no-fund");
            }
        }
    }

    /** Runs a command in {@code dir}; fails with the command's own output if it cannot run or fails. */
    public static List<String> run(Path dir, int timeoutSeconds, String... command) throws Exception {
        Path log = Files.createTempFile("poseidon-interop", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(log.toFile());
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new AssertionError("cannot run '" + command[0] + "' (" + e.getMessage() + "): the Poseidon "
                        + "interop test needs node 20 and npm on the PATH to compare with circomlibjs", e);
            }
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("'" + String.join(" ", command) + "' in " + dir + " took over "
                        + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("'" + String.join(" ", command) + "' in " + dir + " exited with "
                        + process.exitValue() + ":\n" + Files.readString(log));
            }
            return new String(out, StandardCharsets.UTF_8).lines().toList();
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
