package dev.zkmlc.tests.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.export.CircuitExport;
import dev.zkmlc.circuit.export.CircuitFormatException;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.frontend.dsl.DslException;
import dev.zkmlc.frontend.dsl.ZkFrontend;
import dev.zkmlc.frontend.input.InputFormatException;
import dev.zkmlc.frontend.input.TensorJson;
import dev.zkmlc.frontend.onnx.OnnxImportException;
import dev.zkmlc.frontend.onnx.OnnxImporter;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.IrException;
import dev.zkmlc.prover.artifact.ArtifactFormatException;
import dev.zkmlc.prover.artifact.KeyCodec;
import dev.zkmlc.prover.artifact.ProofCodec;
import dev.zkmlc.prover.plonk.Keys;
import dev.zkmlc.prover.plonk.Proof;
import dev.zkmlc.prover.plonk.Prover;
import dev.zkmlc.prover.plonk.Setup;
import dev.zkmlc.prover.srs.DevSrs;
import dev.zkmlc.prover.srs.PtauFile;
import dev.zkmlc.prover.srs.SrsFormatException;
import dev.zkmlc.prover.transcript.ProofFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every parser and file reader, fed random and mutated bytes: it returns or throws one of its
 * documented exception types, never another throwable, within a time bound, under a size bound.
 *
 * <p>First the kept seeds of each target ({@code src/test/resources/fuzz-seeds/<target>/}, inputs
 * that once failed) are replayed, then {@value #ITERATIONS} seeded mutations of valid inputs (10%
 * random bytes). With {@code -Dsoundness.long=true} each target runs for
 * {@code -Dsoundness.fuzzSeconds} (default 120) seconds instead. A failing input is written to
 * {@code target/fuzz-failures/} and named in the message: keep it as a seed once fixed.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FuzzTest {
    private static final boolean LONG = Boolean.getBoolean("soundness.long");
    private static final int ITERATIONS = 400;
    private static final long FUZZ_MILLIS = Long.getLong("soundness.fuzzSeconds", 120) * 1000;
    /** No single input may take longer than this (a shared 2-core machine; a hang shows up as the class timeout). */
    private static final long PER_INPUT_MILLIS = 10_000;
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final Path SEEDS = Path.of("src", "test", "resources", "fuzz-seeds");

    /** Words of the .zk language and extreme values its checks must refuse cleanly. */
    private static final List<String> ZK_TOKENS = List.of("model", "input", "param", "let", "output", "import std.nn\n",
            "import ", "public", "private", "fixed", "hashed", "from", "def ", "return", "[", "]", "(", ")", "{", "}", ",",
            ":", "=", "@", "+", "-", "*", "/", "#", "\"", "\n", "0", "-1", "1", "2147483647", "2147483648",
            "9223372036854775807", "99999999999999999999", "1e308", "1e-320", "0.0", "-0.0", "x", "w1", "b1", "h1",
            "relu(", "sigmoid(", "tanh(", "dense(", "conv2d(", "max_pool2d(", "avg_pool2d(", "global_avg_pool2d(",
            "softmax(", "layer_norm(", "reshape(", "flatten(", "transpose(", "concat(", "clip(", "attention(",
            "stride = ", "pad = ", "size = ", "axis = ", "groups = ", "dilation = ", "[1, 64]", "[0]", "[]",
            "[2147483647, 2]", "[65536, 65536, 65536]", "from \"mlp/w1.npy\"", "from \"missing.npy\"",
            "from \"../../etc/passwd\"", "from \"mlp\"");
    /** JSON punctuation, keys and numbers at the edges of what a double or a long holds. */
    private static final List<String> JSON_TOKENS = List.of("{", "}", "[", "]", ",", ":", "\"", "\"input_data\"",
            "\"x\"", "null", "true", "false", "0", "-0", "1e308", "1e309", "-1e309", "1e-400", "4.9e-324",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "99999999999999999999999",
            "NaN", "Infinity", "-Infinity", "0.5", "[[", "]]", "[[[", "\"\\u0000\"", "\"\\ud800\"", "{}", "[]");

    @TempDir
    static Path temp;

    static Graph mlp;
    static byte[] vk;
    static byte[] pk;
    static byte[] proof;
    static byte[] proofJson;

    @BeforeAll
    static void artifacts() {
        mlp = ZkFrontend.compile(EXAMPLES.resolve("mlp.zk"));
        // A tiny circuit (c = a·b, c public) for key and proof seeds: setup and proving take milliseconds.
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        Column a = b.advice("a");
        Column x = b.advice("b");
        Column c = b.advice("c");
        Column q = b.fixed("q");
        Column out = b.instance("out");
        b.enableEquality(c).enableEquality(out);
        b.gate("mul", q.cur().times(a.cur().times(x.cur()).minus(c.cur())));
        b.fixed(q, 0, 1).fixed(q, 1, 1);
        b.copy(c, 1, out, 0);
        ConstraintSystem cs = b.k(3).build();
        Keys keys = Setup.run(cs, DevSrs.generate(16, DevSrs.tau(5)));
        Witness w = Witness.builder().set(a, 0, 2).set(x, 0, 3).set(c, 0, 6).set(a, 1, 4).set(x, 1, 5).set(c, 1, 20)
                .set(out, 0, 20).build();
        Proof p = Prover.prove(keys.pk(), w, new SecureRandom());
        vk = KeyCodec.encodeVerifyingKey(keys.vk());
        pk = KeyCodec.encodeProvingKey(keys.pk());
        proof = ProofCodec.encode(p);
        proofJson = ProofCodec.toJson(p).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void onnxImporter() throws IOException {
        List<byte[]> seeds = new ArrayList<>(smallestCorpusModels(3));
        seeds.add(new byte[] {0x08, 0x07, 0x12, 0x00});
        run(new FuzzTarget("onnx", seeds, in -> new OnnxImporter().importBytes(in, "fuzz.onnx"),
                Set.of(OnnxImportException.class, IrException.class)));
    }

    @Test
    void zkFrontend() throws IOException {
        List<byte[]> seeds = List.of(Files.readAllBytes(EXAMPLES.resolve("mlp.zk")), Files.readAllBytes(EXAMPLES.resolve("cnn.zk")),
                Files.readAllBytes(EXAMPLES.resolve("transformer.zk")));
        run(new FuzzTarget("zk", seeds,
                in -> ZkFrontend.compileSource("fuzz.zk", new String(in, StandardCharsets.UTF_8), EXAMPLES.resolve("mlp")),
                Set.of(DslException.class, IrException.class), ZK_TOKENS));
    }

    @Test
    void inputJson() throws IOException {
        List<Input> inputs = mlp.inputs();
        List<byte[]> seeds = List.of(Files.readAllBytes(EXAMPLES.resolve("mlp").resolve("input.json")),
                ("{\"input_data\": [[" + "0.5, -1, 2e-3, ".repeat(10) + "1]]}").getBytes(StandardCharsets.UTF_8));
        run(new FuzzTarget("input-json", seeds,
                in -> TensorJson.readInputs(new String(in, StandardCharsets.UTF_8), "fuzz.json", inputs),
                Set.of(InputFormatException.class), JSON_TOKENS));
    }

    @Test
    void ptau() throws IOException {
        Path valid = temp.resolve("valid.ptau");
        PtauFile.writeDevelopment(valid, 4, 9);
        Path file = temp.resolve("fuzz.ptau");
        run(new FuzzTarget("ptau", List.of(Files.readAllBytes(valid)), in -> {
            Files.write(file, in);
            PtauFile.read(file, 16);
        }, Set.of(SrsFormatException.class, IOException.class, UncheckedIOException.class)));
    }

    @Test
    void verifyingKey() {
        run(new FuzzTarget("vk", List.of(vk), in -> KeyCodec.decodeVerifyingKey(in, "fuzz.vk"),
                Set.of(ArtifactFormatException.class)));
    }

    @Test
    void provingKey() {
        run(new FuzzTarget("pk", List.of(pk), in -> KeyCodec.decodeProvingKey(in, "fuzz.pk"),
                Set.of(ArtifactFormatException.class)));
    }

    @Test
    void proofs() {
        run(new FuzzTarget("proof", List.of(proof), in -> ProofCodec.decode(in, "fuzz.proof"),
                Set.of(ArtifactFormatException.class, ProofFormatException.class)));
        run(new FuzzTarget("proof-json", List.of(proofJson),
                in -> ProofCodec.fromJson(new String(in, StandardCharsets.UTF_8), "fuzz.json"),
                Set.of(ArtifactFormatException.class, ProofFormatException.class)));
    }

    @Test
    void circuitExport() {
        GadgetProgram.Builder b = GadgetProgram.builder("fuzz");
        int[] x = b.input("x", new int[] {3}, true, Interval.signedBits(8));
        int[] w = b.constants(new long[] {3, -2, 5}, false);
        int[] y = b.dot("fuzz:1", new int[][] {x}, new int[][] {w}, new int[] {b.fixedConstant(7)});
        b.output("y", new int[] {1}, b.rescale("fuzz:2", y, 2, Interval.signedBits(12)), true);
        CompiledCircuit cc = new Halo2StyleBackend().layout(b.build(), new LayoutOptions(6, 4, 0));
        Witness wit = cc.witness(Map.of("x", new long[] {5, -7, 100})).witness();
        ConstraintSystem cs = cc.constraintSystem();
        run(new FuzzTarget("circuit", List.of(CircuitExport.toBinary(cs, wit),
                CircuitExport.toJson(cs, wit).getBytes(StandardCharsets.UTF_8)),
                in -> CircuitExport.read(in, "fuzz.circuit"), Set.of(CircuitFormatException.class)));
    }

    // ------------------------------------------------------------------------------------------

    private static void run(FuzzTarget t) {
        Random r = new Random(t.name().hashCode());
        int n = 0;
        for (byte[] kept : keptSeeds(t.name())) {
            once(t, kept);
            n++;
        }
        for (byte[] s : t.seeds()) {
            once(t, s);
        }
        long deadline = System.currentTimeMillis() + FUZZ_MILLIS;
        for (int i = 0; LONG ? System.currentTimeMillis() < deadline : i < ITERATIONS; i++) {
            byte[] in = r.nextInt(10) == 0 ? Mutator.random(r, r.nextInt(2048))
                    : Mutator.mutate(t.seeds().get(r.nextInt(t.seeds().size())), r, t.dictionary());
            once(t, in);
            n++;
        }
        System.out.println("fuzz " + t.name() + ": " + n + " inputs without a failure");
    }

    private static void once(FuzzTarget t, byte[] in) {
        long start = System.nanoTime();
        try {
            t.reader().read(in);
        } catch (Throwable e) {
            if (!t.isDocumented(e)) {
                failWith(t, in, "threw " + e, e);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (millis > PER_INPUT_MILLIS) {
            failWith(t, in, "took " + millis + " ms", null);
        }
    }

    private static void failWith(FuzzTarget t, byte[] in, String what, Throwable cause) {
        Path dir = Path.of("target", "fuzz-failures");
        String name = t.name() + "-" + HexFormat.of().formatHex(sha(in), 0, 6) + ".bin";
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name), in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AssertionError err = new AssertionError("fuzz target '" + t.name() + "': input " + dir.resolve(name) + " (" + in.length
                + " bytes) " + what + "; once fixed, keep it in " + SEEDS.resolve(t.name()), cause);
        throw err;
    }

    private static byte[] sha(byte[] in) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(in);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<byte[]> keptSeeds(String target) {
        Path dir = SEEDS.resolve(target);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<byte[]> out = new ArrayList<>();
            for (Path p : s.sorted().toList()) {
                out.add(Files.readAllBytes(p));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The smallest network.onnx files of the shared corpus (read only; none when it is absent). */
    private static List<byte[]> smallestCorpusModels(int n) throws IOException {
        Path corpus = corpus();
        if (corpus == null) {
            return List.of();
        }
        List<Path> models;
        try (Stream<Path> s = Files.list(corpus)) {
            models = s.map(p -> p.resolve("network.onnx")).filter(Files::isRegularFile)
                    .sorted(Comparator.comparingLong((Path p) -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return Long.MAX_VALUE;
                        }
                    }).thenComparing(Path::toString)).limit(n).toList();
        }
        List<byte[]> out = new ArrayList<>();
        for (Path p : models) {
            out.add(Files.readAllBytes(p));
        }
        return out;
    }

    private static Path corpus() {
        String configured = System.getProperty("zkmlc.corpus");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("models").resolve("ezkl");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
