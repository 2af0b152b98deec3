package dev.zkmlc.backend.plonk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.mock.MockProver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small dense + rescale + ReLU model, laid out as vanilla PLONK and exported, goes through the
 * pinned snarkjs (interop/package.json): {@code r1cs info}, {@code wtns check}, a Powers-of-Tau made
 * in the test, {@code plonk setup}, {@code plonk prove} and {@code plonk verify}; the proof verifies
 * with our public values, and a witness with one changed value fails {@code wtns check}. Needs node
 * and npm: installs the pinned packages in {@code interop/} with {@code npm ci} when they are missing,
 * under the same lock as the other interop tests.
 */
class SnarkjsInteropTest {

    /** y = relu(rescale(3 x0 - 2 x1 + 5, 2)): a dot product, a rescale and a ReLU, about 40 gates. */
    private static GadgetProgram tinyModel() {
        GadgetProgram.Builder b = GadgetProgram.builder("tiny");
        int[] x = b.input("x", new int[] {2}, true, Interval.signedBits(4));
        int[] acc = b.dot("tiny:1", new int[][] {x}, new int[][] {b.constants(new long[] {3, -2}, true)},
                b.constants(new long[] {5}, true));
        int[] y = b.rescale("tiny:2", acc, 2, Interval.signedBits(5));
        int[] relu = b.max("tiny:3", y, b.constants(new long[1], true));
        b.output("y", new int[] {1}, relu, true);
        return b.build();
    }

    @Test
    void snarkjsChecksProvesAndVerifiesTheExport(@TempDir Path dir) throws Exception {
        Path interop = interopDir();
        ensureInstalled(interop);
        String snarkjs = interop.resolve("node_modules").resolve("snarkjs").resolve("cli.js").toString();

        CompiledCircuit cc = PlonkBackend.vanilla().layout(tinyModel(), LayoutOptions.defaults());
        CompiledCircuit.WitnessResult w = cc.witness(Map.of("x", new long[] {7, -3}));
        MockProver.assertSatisfied(cc.constraintSystem(), w.witness());
        R1csExport export = R1csExport.of(cc);
        Path r1cs = dir.resolve("tiny.r1cs");
        Path wtns = dir.resolve("tiny.wtns");
        export.writeR1cs(r1cs);
        export.writeWtns(wtns, w.witness());

        String info = String.join("\n", run(dir, 60, "node", snarkjs, "r1cs", "info", r1cs.toString()));
        assertTrue(info.contains("# of Constraints: " + export.constraintCount()), info);
        assertTrue(info.contains("# of Outputs: 1"), info);
        assertTrue(info.contains("# of Public Inputs: 2"), info);
        String check = String.join("\n", run(dir, 60, "node", snarkjs, "wtns", "check", r1cs.toString(), wtns.toString()));
        assertTrue(check.contains("WITNESS IS CORRECT"), check);

        Fr[] values = export.wireValues(w.witness());
        values[1] = values[1].add(Fr.ONE);
        Path bad = dir.resolve("bad.wtns");
        try (var out = Files.newOutputStream(bad)) {
            R1csExport.writeWtns(out, values);
        }
        assertFalse(succeeds(dir, "node", snarkjs, "wtns", "check", r1cs.toString(), bad.toString()),
                "a witness with one changed value passed snarkjs wtns check");

        // snarkjs's PLONK rows: one per public value, and per constraint at most three (a product
        // constraint's C side of up to three wires costs two extra addition gates).
        int bound = export.publicOutputs() + export.publicInputs() + 3 * export.constraintCount();
        int power = Math.max(3, 32 - Integer.numberOfLeadingZeros(bound - 1));
        run(dir, 120, "node", snarkjs, "powersoftau", "new", "bn128", Integer.toString(power), "pot0.ptau");
        run(dir, 300, "node", snarkjs, "powersoftau", "prepare", "phase2", "pot0.ptau", "pot.ptau");
        run(dir, 120, "node", snarkjs, "plonk", "setup", r1cs.toString(), "pot.ptau", "tiny.zkey");
        run(dir, 60, "node", snarkjs, "zkey", "export", "verificationkey", "tiny.zkey", "vk.json");
        run(dir, 120, "node", snarkjs, "plonk", "prove", "tiny.zkey", wtns.toString(), "proof.json", "public.json");
        String verify = String.join("\n", run(dir, 60, "node", snarkjs, "plonk", "verify", "vk.json", "public.json",
                "proof.json"));
        assertTrue(verify.contains("OK"), verify);

        // snarkjs's public signals: outputs, then inputs, as field elements in decimal.
        List<String> expected = new ArrayList<>();
        for (boolean outputs : new boolean[] {true, false}) {
            for (CompiledCircuit.PublicValue pv : cc.publicValues()) {
                if (pv.isOutput() == outputs) {
                    expected.add("\"" + Fr.of(w.instance()[pv.row()]).toBigInteger() + "\"");
                }
            }
        }
        String publicJson = Files.readString(dir.resolve("public.json")).replaceAll("\\s", "");
        assertEquals("[" + String.join(",", expected) + "]", publicJson);
    }

    /** The project's interop/ folder: the first ancestor of the working directory that has one. */
    private static Path interopDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("interop").resolve("package-lock.json"))) {
                return p.resolve("interop");
            }
        }
        throw new AssertionError("no interop/package-lock.json above " + Path.of("").toAbsolutePath());
    }

    /** Runs {@code npm ci} unless snarkjs is there, holding the lock the other interop tests hold. */
    private static void ensureInstalled(Path interop) throws Exception {
        try (FileChannel ch = FileChannel.open(interop.resolve(".install.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            if (!Files.isDirectory(interop.resolve("node_modules").resolve("snarkjs"))) {
                run(interop, 300, "npm", "ci", "--no-audit", "--no-fund");
            }
        }
    }

    private static boolean succeeds(Path dir, String... command) throws Exception {
        try {
            List<String> out = run(dir, 60, command);
            return out.stream().anyMatch(l -> l.contains("WITNESS IS CORRECT"));
        } catch (AssertionError e) {
            return false;
        }
    }

    /** Runs a command in {@code dir}; fails with the command's own output if it cannot run or fails. */
    private static List<String> run(Path dir, int timeoutSeconds, String... command) throws Exception {
        Path log = Files.createTempFile("snarkjs-interop", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectError(log.toFile());
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new AssertionError("cannot run '" + command[0] + "' (" + e.getMessage() + "): the snarkjs "
                        + "interop test needs node 20 and npm on the PATH", e);
            }
            process.getOutputStream().close();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            process.getInputStream().transferTo(buf);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("'" + String.join(" ", command) + "' took over " + timeoutSeconds + " s");
            }
            String out = buf.toString(StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError("'" + String.join(" ", command) + "' exited with " + process.exitValue()
                        + ":\n" + out + Files.readString(log));
            }
            return out.lines().toList();
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
