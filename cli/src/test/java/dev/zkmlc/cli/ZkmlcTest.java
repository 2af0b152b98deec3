package dev.zkmlc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ZkmlcTest {
    static final Path EXAMPLES = Path.of("..", "examples");

    record Run(int code, String out, String err) {}

    static Run zkmlc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Zkmlc.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void compileIsTheDefaultCommandAndReportsTheModel() {
        Run r = zkmlc(EXAMPLES.resolve("mlp.zk").toString(), "-O2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("model        mlp"), r.out());
        assertTrue(r.out().contains("ops          5: gemm 3, relu 2"), r.out());
        assertTrue(r.out().contains("parameters   2778"), r.out());
    }

    @Test
    void jsonReportIsMachineReadable() throws IOException {
        Run r = zkmlc("compile", EXAMPLES.resolve("cnn.zk").toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertEquals("cnn", report.get("model").asText());
        assertEquals(2, report.get("opsByKind").get("conv").asInt());
    }

    @Test
    void levelZeroRunsNoPasses() {
        Run r = zkmlc(EXAMPLES.resolve("mlp.zk").toString(), "-O0", "--dump-ir=after-pass");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("// after input"), r.out());
        assertFalse(r.out().contains("// after dce"), r.out());
    }

    @Test
    void missingFileIsOneLineAndExitThree() {
        Run r = zkmlc("no-such-model.zk");
        assertEquals(3, r.code());
        assertEquals("no-such-model.zk: no such file", r.err().strip());
    }

    @Test
    void sourceErrorsNameTheLocationWithoutAStackTrace(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.zk");
        Files.writeString(bad, Files.readString(EXAMPLES.resolve("mlp.zk")).replaceFirst("relu", "relv"));
        Files.walk(EXAMPLES.resolve("mlp")).filter(Files::isRegularFile).forEach(f -> copy(f, dir.resolve("mlp").resolve(f.getFileName())));
        Run r = zkmlc(bad.toString());
        assertEquals(3, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("bad.zk:"), r.err());
        assertTrue(r.err().contains("did you mean 'relu'?"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void usageErrorsExitTwo() {
        Run r = zkmlc("compile", "--no-such-option", "x.zk");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option"), r.err());
    }

    @Test
    void versionAndHelp() {
        assertTrue(zkmlc("--version").out().startsWith("zkmlc "));
        Run help = zkmlc("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("compile"));
        assertTrue(help.out().contains("Exit codes"));
    }

    @Test
    void theUsageAndHelpListEveryCommandUnderItsOwnName() {
        String usage = zkmlc("--help").out();
        for (Map.Entry<String, Class<?>> c : Zkmlc.COMMANDS.entrySet()) {
            assertEquals(c.getKey(), c.getValue().getAnnotation(CommandLine.Command.class).name());
            assertTrue(usage.contains("  " + c.getKey() + " "), c.getKey() + " missing from\n" + usage);
        }
        Run helpProve = zkmlc("help", "prove");
        assertEquals(0, helpProve.code(), helpProve.err());
        assertTrue(helpProve.out().contains("--pk"), helpProve.out());
        // A named command is built alone, and its own help and usage errors still name it under zkmlc.
        Run proveHelp = zkmlc("prove", "--help");
        assertTrue(proveHelp.out().startsWith("Usage: zkmlc prove "), proveHelp.out());
        Run missingKey = zkmlc("prove", "x.onnx", "--input", "in.json");
        assertEquals(ExitCodes.USAGE, missingKey.code());
        assertTrue(missingKey.err().contains("(see 'zkmlc prove --help')"), missingKey.err());
        Run typo = zkmlc("prvoe", "x.onnx");
        assertTrue(typo.err().contains("unknown command 'prvoe'") && typo.err().contains("prove"), typo.err());
    }

    @Test
    void noArgumentsIsAUsageErrorThatShowsTheCommands() {
        Run bare = zkmlc();
        assertEquals(ExitCodes.USAGE, bare.code());
        assertEquals("", bare.out());
        assertTrue(bare.err().contains("compile"), bare.err());
    }

    @Test
    void runPrintsFloatAndFixedPointAndWritesJsonWithoutOverwriting(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out.json");
        Run r = zkmlc("run", EXAMPLES.resolve("mlp.zk").toString(), "--input",
                EXAMPLES.resolve("mlp").resolve("input.json").toString(), "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("logits [1, 10] (fixed-point scale 2^-10"), r.out());
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals(10, json.get("outputs").get("logits").get("data").size());
        JsonNode fixed = json.get("fixed_point").get("logits");
        assertEquals(10, fixed.get("scale").asInt());
        for (int i = 0; i < 10; i++) {
            double f = json.get("outputs").get("logits").get("data").get(i).asDouble();
            double q = fixed.get("quantized").get(i).asLong() / 1024.0;
            assertEquals(f, q, 0.01);
        }
        Run again = zkmlc("run", EXAMPLES.resolve("mlp.zk").toString(), "--input",
                EXAMPLES.resolve("mlp").resolve("input.json").toString(), "--output", out.toString());
        assertEquals(3, again.code());
        assertTrue(again.err().contains("already exists"), again.err());
    }

    @Test
    void mockProverAcceptsTheHonestWitnessOfEveryExample() {
        for (String example : new String[] {"mlp", "cnn"}) {
            Run r = zkmlc("mock", EXAMPLES.resolve(example + ".zk").toString(), "--input",
                    EXAMPLES.resolve(example).resolve("input.json").toString());
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("all constraints hold; outputs equal the exact interpreter's bit for bit"), r.out());
        }
    }

    @Test
    void compileWritesTheCircuitIntoItsOwnDirectoryOnly(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("mlp-out");
        Run r = zkmlc(EXAMPLES.resolve("mlp.zk").toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(out.resolve("report.json")));
        assertTrue(Files.exists(out.resolve("circuit.bin")) || Files.exists(out.resolve("circuit.json")));
        Run again = zkmlc(EXAMPLES.resolve("mlp.zk").toString(), "-o", out.toString());
        assertEquals(0, again.code(), again.err());
        Path foreign = dir.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        Run refused = zkmlc(EXAMPLES.resolve("mlp.zk").toString(), "-o", foreign.toString());
        assertEquals(3, refused.code());
        assertTrue(refused.err().contains("was not made by zkmlc"), refused.err());
        assertEquals("mine", Files.readString(foreign.resolve("notes.txt")));
    }

    @Test
    void compilingTwiceGivesByteIdenticalArtifacts(@TempDir Path dir) throws IOException {
        zkmlc(EXAMPLES.resolve("cnn.zk").toString(), "-o", dir.resolve("a").toString());
        zkmlc(EXAMPLES.resolve("cnn.zk").toString(), "-o", dir.resolve("b").toString());
        try (var files = Files.list(dir.resolve("a"))) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("report.json")) {
                    assertTrue(java.util.Arrays.equals(Files.readAllBytes(f), Files.readAllBytes(dir.resolve("b").resolve(f.getFileName()))), f.toString());
                }
            }
        }
    }
}
