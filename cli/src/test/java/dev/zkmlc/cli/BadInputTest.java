package dev.zkmlc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees when they get something wrong: for every command, missing and misnamed files,
 * directories for files, bad option values, corrupted models, inputs, keys, proofs and SRS files,
 * and outputs that would overwrite their files. Each case must exit with the documented code and
 * one message line of the expected shape, show no stack trace, and leave every file as it was.
 */
class BadInputTest {
    @TempDir
    static Path dir;

    /** The phase timings long commands print ("compile    ... 1.25 s", or "compile    ..." cut off by a failure). */
    private static final Pattern PHASE = Pattern.compile("^[a-z][a-z ]{9} \\.\\.\\.( \\d+\\.\\d+ s)?$");

    /**
     * One mistake: the arguments ({@code @name} is a file in the fixture directory), the exit code,
     * and the shape of the message (matched against its one line, on the error stream, or for
     * verify's rejections on standard output).
     */
    record Case(String name, int code, String message, String... args) {}

    @BeforeAll
    static void fixtures() throws IOException {
        Path tiny = Path.of("src", "test", "resources", "tiny.zk");
        Files.copy(tiny, dir.resolve("tiny.zk"));
        Files.copy(Path.of("src", "test", "resources", "tiny.json"), dir.resolve("input.json"));
        Files.createDirectory(dir.resolve("adir.zk"));
        Files.writeString(dir.resolve("model.txt"), Files.readString(tiny));
        Files.writeString(dir.resolve("bad.zk"), "model bad {\n    input x: [1, 4] private\n    output y = relu(x +) public\n}\n");
        Files.writeString(dir.resolve("garbage.onnx"), "this is not protobuf\n");
        Files.write(dir.resolve("binary.zk"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x6d, 0x6f, 0x64, (byte) 0xc3});
        Files.write(dir.resolve("empty.onnx"), new byte[0]);
        // Field 1 (ir_version as a length-delimited record) announces 80 bytes and holds one.
        Files.write(dir.resolve("truncated.onnx"), new byte[] {0x0a, 0x50, 0x41});
        Files.writeString(dir.resolve("wrong-shape.json"), "{\"input_data\": [[1, 2, 3]]}");
        Files.writeString(dir.resolve("truncated.json"), "{\"input_data\": [[1, 2");
        Files.writeString(dir.resolve("no-inputs.json"), "{\"foo\": 1}");
        Files.writeString(dir.resolve("not-numbers.json"), "{\"input_data\": [[\"a\", 2, 3, 4]]}");
        Files.writeString(dir.resolve("garbage.bin"), "not a key, proof or ptau\n");
        Files.writeString(dir.resolve("user.csv"), "the user's own file\n");
        Files.createDirectory(dir.resolve("users-dir"));
        Files.writeString(dir.resolve("users-dir").resolve("notes.txt"), "the user's own notes\n");

        Path keys = dir.resolve("keys");
        ok("srs", "--dev", "-k", "9", "-o", dir.resolve("dev.ptau").toString());
        ok("srs", "--dev", "-k", "3", "-o", dir.resolve("small.ptau").toString());
        ok("setup", dir.resolve("tiny.zk").toString(), "--table-bits", "6", "--srs", dir.resolve("dev.ptau").toString(),
                "-o", keys.toString());
        ok("prove", dir.resolve("tiny.zk").toString(), "--table-bits", "6", "--pk", keys.resolve("pk.bin").toString(),
                "--input", dir.resolve("input.json").toString(), "-o", keys.toString());
        for (String f : List.of("pk.bin", "vk.bin", "proof.bin")) {
            byte[] b = Files.readAllBytes(keys.resolve(f));
            Files.write(dir.resolve(f), b);
            Files.write(dir.resolve("truncated-" + f), Arrays.copyOf(b, b.length / 2));
            byte[] flipped = b.clone();
            flipped[b.length - 40] ^= 0x5a;
            Files.write(dir.resolve("flipped-" + f), flipped);
        }
        byte[] ptau = Files.readAllBytes(dir.resolve("dev.ptau"));
        Files.write(dir.resolve("truncated.ptau"), Arrays.copyOf(ptau, ptau.length / 3));
    }

    private static void ok(String... args) {
        ZkmlcTest.Run r = ZkmlcTest.zkmlc(args);
        assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.out() + r.err());
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        String usage = " \\(see 'zkmlc \\S+ --help'\\)";
        // Model files
        c.add(new Case("missing model", 3, ".*nosuch\\.zk: no such file", "@nosuch.zk", "--no-write"));
        c.add(new Case("directory as model", 3, ".*adir\\.zk: is a directory, not a file", "@adir.zk", "--no-write"));
        c.add(new Case("wrong extension", 3, ".*model\\.txt: unknown model format \\(expected a \\.zk or \\.onnx file\\)",
                "@model.txt", "--no-write"));
        c.add(new Case("syntax error", 3, ".*bad\\.zk:3:\\d+: syntax error: .*", "@bad.zk", "--no-write"));
        c.add(new Case("garbage onnx", 3, ".*garbage\\.onnx: not a valid ONNX model .*", "@garbage.onnx", "--no-write"));
        c.add(new Case("truncated onnx", 3, ".*truncated\\.onnx: not a valid ONNX model .*", "inspect", "@truncated.onnx"));
        c.add(new Case("fmt of a directory", 3, ".*adir\\.zk: is a directory, not a file", "fmt", "@adir.zk"));
        c.add(new Case("binary .zk", 3, ".*binary\\.zk: not UTF-8 text .*", "@binary.zk", "--no-write"));
        c.add(new Case("fmt of a binary .zk", 3, ".*binary\\.zk: not UTF-8 text .*", "fmt", "@binary.zk"));
        c.add(new Case("empty onnx", 3, ".*empty\\.onnx: not a valid ONNX model .*", "@empty.onnx", "--no-write"));
        c.add(new Case("fmt of a non-.zk file", 3, ".*model\\.txt: fmt formats \\.zk programs", "fmt", "@model.txt"));
        c.add(new Case("commit of a missing model", 3, ".*nosuch\\.zk: no such file", "commit", "@nosuch.zk"));
        // The command line
        c.add(new Case("unknown command", 2, "zkmlc: unknown command 'comple' .*", "comple", "@tiny.zk"));
        c.add(new Case("unknown option", 2, "zkmlc: Unknown option: '--bogus'.*" + usage, "@tiny.zk", "--bogus"));
        c.add(new Case("-O7", 2, "zkmlc: Invalid value for option '-O': expected 0\\.\\.3, got '7'" + usage, "@tiny.zk", "-O7"));
        c.add(new Case("-O -1", 2, "zkmlc: Invalid value for option '-O': expected 0\\.\\.3, got '-1'" + usage,
                "@tiny.zk", "-O", "-1"));
        c.add(new Case("-O x", 2, "zkmlc: Invalid value for option '-O': expected a whole number, got 'x'" + usage,
                "@tiny.zk", "-Ox"));
        c.add(new Case("--width 0", 2, "zkmlc: Invalid value for option '--width': expected a number >= 1, got '0'" + usage,
                "@tiny.zk", "--width", "0"));
        c.add(new Case("--table-bits 99", 2, "zkmlc: Invalid value for option '--table-bits': expected 1\\.\\.24, got '99'" + usage,
                "@tiny.zk", "--table-bits", "99"));
        c.add(new Case("--batch -1", 2, "zkmlc: Invalid value for option '--batch'.*" + usage, "@tiny.zk", "--batch", "-1"));
        c.add(new Case("--scale -5", 2, "zkmlc: Invalid value for option '--scale': expected 0\\.\\.30, got '-5'" + usage,
                "@tiny.zk", "--scale", "-5"));
        c.add(new Case("unknown backend", 2, "zkmlc: --backend: unknown backend 'foo' \\(available: .*\\)" + usage,
                "@tiny.zk", "--backend", "foo", "--no-write"));
        c.add(new Case("unknown target", 2, "zkmlc: --target: expected 'accuracy' or 'resources', got 'fast'" + usage,
                "@tiny.zk", "--target", "fast", "--no-write"));
        c.add(new Case("unknown visibility", 2, "zkmlc: --input-visibility: expected public, private, fixed or hashed, got 'weird'" + usage,
                "@tiny.zk", "--input-visibility", "weird", "--no-write"));
        c.add(new Case("unknown --dump-ir pass", 2, "zkmlc: --dump-ir: no pass 'nosuch' at -O2 .*" + usage,
                "@tiny.zk", "--dump-ir=nosuch", "--no-write"));
        c.add(new Case("srs -k -3", 2, "zkmlc: Invalid value for option '-k': expected 1\\.\\.28, got '-3'" + usage,
                "srs", "--dev", "-k", "-3", "-o", "@new.ptau"));
        c.add(new Case("srs without --dev", 2, "zkmlc: Missing required option: '--dev'" + usage, "srs", "-k", "5", "-o", "@new.ptau"));
        c.add(new Case("audit --wires -1", 2, "zkmlc: Invalid value for option '--wires': expected a number >= 0, got '-1'" + usage,
                "audit", "@tiny.zk", "--input", "@input.json", "--wires", "-1"));
        c.add(new Case("calibrate-cost --max-log 3", 2, "zkmlc: Invalid value for option '--max-log': expected 10\\.\\.20, got '3'" + usage,
                "calibrate-cost", "--max-log", "3", "-o", "@profile.json"));
        c.add(new Case("unknown layout strategy", 2, "zkmlc: --strategy: unknown layout strategy 'nope'.*" + usage,
                "layout", "@tiny.zk", "--strategy", "nope"));
        c.add(new Case("malformed --expect-model", 2, "zkmlc: --expect-model: not a model commitment: 'junk'.*" + usage,
                "verify", "--vk", "@vk.bin", "--proof", "@proof.bin", "--expect-model", "junk"));
        c.add(new Case("export --wtns without --input", 2, "zkmlc: --wtns needs --input .*" + usage,
                "export", "@tiny.zk", "--r1cs", "@new.r1cs", "--wtns", "@new.wtns"));
        c.add(new Case("fmt --write --check", 2, "zkmlc: --write and --check exclude each other" + usage,
                "fmt", "@tiny.zk", "--write", "--check"));
        // Inputs
        c.add(new Case("missing input", 3, ".*nosuch\\.json: no such file", "run", "@tiny.zk", "--input", "@nosuch.json"));
        c.add(new Case("directory as input", 3, ".*adir\\.zk: is a directory, not a file", "mock", "@tiny.zk", "--input", "@adir.zk"));
        c.add(new Case("input of the wrong shape", 3,
                ".*wrong-shape\\.json: input_data\\[0\\] holds 3 values, input 'x' of shape \\[1, 4\\] needs 4",
                "run", "@tiny.zk", "--input", "@wrong-shape.json"));
        c.add(new Case("truncated input", 3, ".*truncated\\.json: not valid JSON \\(line \\d+, column \\d+\\): [^\\[]*",
                "mock", "@tiny.zk", "--input", "@truncated.json"));
        c.add(new Case("input without data", 3, ".*no-inputs\\.json: expected an object with \"input_data\" .*",
                "run", "@tiny.zk", "--input", "@no-inputs.json"));
        c.add(new Case("input that is not numbers", 3, ".*not-numbers\\.json: input_data\\[0\\] holds \"a\", which is not a number",
                "audit", "@tiny.zk", "--input", "@not-numbers.json"));
        c.add(new Case("calibration of the wrong shape", 3, ".*wrong-shape\\.json: input_data\\[0\\] holds 3 values.*",
                "@tiny.zk", "--calibrate", "@wrong-shape.json", "--no-write"));
        c.add(new Case("prove on an input of the wrong shape", 3, ".*wrong-shape\\.json: input_data\\[0\\] holds 3 values.*",
                "prove", "@tiny.zk", "--table-bits", "6", "--pk", "@pk.bin", "--input", "@wrong-shape.json", "-o", "@new-proof"));
        // Keys, proofs and SRS files
        c.add(new Case("missing srs", 3, ".*nosuch\\.ptau: no such file", "setup", "@tiny.zk", "--srs", "@nosuch.ptau", "-o", "@new-keys"));
        c.add(new Case("garbage srs", 3, ".*garbage\\.bin: not a \\.ptau file \\(bad magic\\)",
                "setup", "@tiny.zk", "--table-bits", "6", "--srs", "@garbage.bin", "-o", "@new-keys"));
        c.add(new Case("truncated srs", 3, ".*truncated\\.ptau: .*", "setup", "@tiny.zk", "--table-bits", "6",
                "--srs", "@truncated.ptau", "-o", "@new-keys"));
        c.add(new Case("srs too small", 3, ".*small\\.ptau: holds \\d+ powers of tau, the circuit needs \\d+ .*zkmlc srs --dev -k \\d+.*",
                "setup", "@tiny.zk", "--table-bits", "6", "--srs", "@small.ptau", "-o", "@new-keys"));
        c.add(new Case("garbage pk", 3, ".*garbage\\.bin: not a zkmlc proving key.*",
                "prove", "@tiny.zk", "--table-bits", "6", "--pk", "@garbage.bin", "--input", "@input.json", "-o", "@new-proof"));
        c.add(new Case("truncated pk", 3, ".*truncated-pk\\.bin: .*",
                "prove", "@tiny.zk", "--table-bits", "6", "--pk", "@truncated-pk.bin", "--input", "@input.json", "-o", "@new-proof"));
        c.add(new Case("vk for pk", 3, ".*vk\\.bin: not a zkmlc proving key.*",
                "prove", "@tiny.zk", "--table-bits", "6", "--pk", "@vk.bin", "--input", "@input.json", "-o", "@new-proof"));
        c.add(new Case("pk of another circuit", 3, ".*pk\\.bin: this proving key was made for another circuit.*",
                "prove", "@tiny.zk", "--table-bits", "6", "--param-visibility", "fixed", "--pk", "@pk.bin", "--input", "@input.json",
                "-o", "@new-proof"));
        c.add(new Case("missing vk", 3, ".*nosuch\\.bin: no such file", "verify", "--vk", "@nosuch.bin", "--proof", "@proof.bin"));
        c.add(new Case("directory as proof", 3, ".*adir\\.zk: is a directory, not a file", "verify", "--vk", "@vk.bin", "--proof", "@adir.zk"));
        c.add(new Case("truncated vk", 1, "reject: .*truncated-vk\\.bin: .*", "verify", "--vk", "@truncated-vk.bin", "--proof", "@proof.bin"));
        c.add(new Case("flipped vk", 1, "reject: .*", "verify", "--vk", "@flipped-vk.bin", "--proof", "@proof.bin"));
        c.add(new Case("truncated proof", 1, "reject: .*truncated-proof\\.bin: .*", "verify", "--vk", "@vk.bin", "--proof", "@truncated-proof.bin"));
        c.add(new Case("flipped proof", 1, "reject: .*", "verify", "--vk", "@vk.bin", "--proof", "@flipped-proof.bin"));
        c.add(new Case("garbage vk and proof", 1, "reject: .*garbage\\.bin: not a zkmlc verifying key.*",
                "verify", "--vk", "@garbage.bin", "--proof", "@garbage.bin"));
        // Outputs that would overwrite the user's files
        c.add(new Case("compile into a user's directory", 3, ".*users-dir: exists and was not made by zkmlc; .*--force",
                "@tiny.zk", "-o", "@users-dir"));
        c.add(new Case("compile into a file", 3, ".*user\\.csv: exists and is not a directory", "@tiny.zk", "-o", "@user.csv"));
        c.add(new Case("setup into a user's directory", 3, ".*users-dir: exists and was not made by zkmlc; .*",
                "setup", "@tiny.zk", "--srs", "@dev.ptau", "-o", "@users-dir"));
        c.add(new Case("prove into a file", 3, ".*user\\.csv: exists and is not a directory",
                "prove", "@tiny.zk", "--pk", "@pk.bin", "--input", "@input.json", "-o", "@user.csv"));
        c.add(new Case("export over a user's file", 3, ".*user\\.csv: already exists \\(use --force to overwrite it\\)",
                "export", "@tiny.zk", "--r1cs", "@user.csv"));
        c.add(new Case("export witness over a user's file", 3, ".*user\\.csv: already exists .*",
                "export", "@tiny.zk", "--r1cs", "@new.r1cs", "--wtns", "@user.csv", "--input", "@input.json"));
        c.add(new Case("export into a missing directory", 3, ".*nodir/new\\.r1cs: no such directory .*nodir",
                "export", "@tiny.zk", "--r1cs", "@nodir/new.r1cs"));
        c.add(new Case("layout csv over a user's file", 3, ".*user\\.csv: already exists .*", "layout", "@tiny.zk", "--csv", "@user.csv"));
        c.add(new Case("layout plot over a user's file", 3, ".*user\\.csv: already exists .*", "layout", "@tiny.zk", "--plot", "@user.csv"));
        c.add(new Case("run output over a user's file", 3, ".*user\\.csv: already exists .*",
                "run", "@tiny.zk", "--input", "@input.json", "--output", "@user.csv"));
        c.add(new Case("srs over a user's file", 3, ".*user\\.csv: already exists .*", "srs", "--dev", "-k", "4", "-o", "@user.csv"));
        c.add(new Case("srs into a directory", 3, ".*users-dir: is a directory, not a file", "srs", "--dev", "-k", "4", "-o", "@users-dir"));
        c.add(new Case("cost profile over a user's file", 3, ".*user\\.csv: already exists .*", "calibrate-cost", "-o", "@user.csv"));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> everyMistakeGetsOneLocatedLineAndTheDocumentedExitCode() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(Case c) throws IOException {
        String[] args = Arrays.stream(c.args()).map(a -> a.startsWith("@") ? dir.resolve(a.substring(1)).toString() : a)
                .toArray(String[]::new);
        Map<Path, String> before = snapshot();
        ZkmlcTest.Run r = ZkmlcTest.zkmlc(args);
        String all = r.out() + r.err();
        String shown = "zkmlc " + String.join(" ", c.args()) + "\n--- out:\n" + r.out() + "--- err:\n" + r.err();
        assertEquals(c.code(), r.code(), shown);
        assertFalse(all.contains("Exception"), shown);
        assertFalse(all.contains("at dev.zkmlc"), shown);
        assertFalse(all.contains("\tat "), shown);
        List<String> message = messageLines(c.code() == ExitCodes.REJECTED ? r.out() : r.err());
        // A .zk source error adds the source line and a caret under the column; everything else is one line.
        int expectedLines = c.name().equals("syntax error") ? 3 : 1;
        assertEquals(expectedLines, message.size(), shown);
        assertTrue(message.get(0).matches(c.message()), "message '" + message.get(0) + "' does not match " + c.message() + "\n" + shown);
        assertEquals(before, snapshot(), "a failed command changed, made or removed files\n" + shown);
    }

    /** The lines of a stream apart from phase timings and development-SRS warnings. */
    private static List<String> messageLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (!line.isBlank() && !PHASE.matcher(line).matches() && !line.startsWith("WARNING")) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Every file under the fixture directory with its content's hash. */
    private static Map<Path, String> snapshot() throws IOException {
        Map<Path, String> m = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.forEach(f -> m.put(dir.relativize(f), Files.isDirectory(f) ? "dir" : Integer.toHexString(Arrays.hashCode(read(f)))));
        }
        return m;
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
