package dev.zkmlc.cli;

import static dev.zkmlc.cli.VisibilityFlowTest.args;
import static dev.zkmlc.cli.VisibilityFlowTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each combination of input, weight and output visibility sets up, proves and verifies, under the
 * halo2-style and the PLONK backend: {@code public}, {@code private} or {@code hashed} inputs and
 * outputs, {@code public}, {@code private}, {@code fixed} or {@code hashed} weights (36
 * combinations). The public values are the ones each choice promises, and a proof with hashed or
 * fixed weights verifies against {@code zkmlc commit}'s commitment.
 *
 * <p>Under halo2-style all 36 run on the tiny model. Under plonk a hashed tensor costs 4,688 gate
 * rows per chain link (docs/visibility.md), so a combination with two or three hashed tensors needs
 * 2^14 rows and some 20 CPU-seconds to set up and prove: the default run takes every combination
 * without hashing and the one with all three hashed (where weights one unit off are then rejected
 * by the commitment); {@code -Dvisibility.full=true} runs all 36 under
 * plonk too, and {@code -Dvisibility.examples=cnn,mlp,transformer} runs all 36 on the example
 * models under both backends.
 */
class VisibilityCombinationsTest {
    static final Path TINY = Path.of("src", "test", "resources", "tiny.zk");
    static final Path TINY_INPUT = Path.of("src", "test", "resources", "tiny.json");
    static final String[] IN_OUT = {"public", "private", "hashed"};
    static final String[] WEIGHTS = {"public", "private", "fixed", "hashed"};

    @TempDir
    static Path dir;
    static Path ptau;

    @BeforeAll
    static void srs() {
        ptau = dir.resolve("dev.ptau");
        ok(ZkmlcTest.zkmlc("srs", "--dev", "-k", "14", "-o", ptau.toString()));
    }

    /** Every (input, weights, output) visibility; {@code maxHashed} bounds how many of the three are hashed. */
    static List<String[]> combinations(int maxHashed) {
        List<String[]> r = new ArrayList<>();
        for (String in : IN_OUT) {
            for (String w : WEIGHTS) {
                for (String out : IN_OUT) {
                    String[] c = {in, w, out};
                    int hashed = 0;
                    for (String v : c) {
                        hashed += v.equals("hashed") ? 1 : 0;
                    }
                    if (hashed <= maxHashed) {
                        r.add(c);
                    }
                }
            }
        }
        return r;
    }

    /**
     * Sets up, proves and verifies {@code model} with visibilities {@code c} under {@code backend}; checks
     * the number of public values and, for hashed or fixed weights, verification against the commitment.
     */
    static void provesAndVerifies(Path model, Path input, String backend, String[] c, int inputs, int weights, int outputs)
            throws IOException {
        provesAndVerifies(model, input, List.of("--backend", backend, "--table-bits", "6", "--input-visibility", c[0],
                "--param-visibility", c[1], "--output-visibility", c[2]),
                backend + "-" + model.getFileName() + "-" + String.join("-", c), c, inputs, weights, outputs);
    }

    /** The same with the compile options {@code opts}, into directory {@code name}. */
    static void provesAndVerifies(Path model, Path input, List<String> opts, String name, String[] c, int inputs,
            int weights, int outputs) throws IOException {
        Path out = dir.resolve(name);
        ok(ZkmlcTest.zkmlc(args(List.of("setup", model.toString(), "--srs", ptau.toString(), "-o", out.toString()), opts)));
        ok(ZkmlcTest.zkmlc(args(List.of("prove", model.toString(), "--pk", out.resolve("pk.bin").toString(), "--input",
                input.toString(), "-o", out.toString(), "--force"), opts)));
        String vk = out.resolve("vk.bin").toString();
        String proof = out.resolve("proof.bin").toString();
        ZkmlcTest.Run v = ZkmlcTest.zkmlc("verify", "--vk", vk, "--proof", proof);
        assertEquals("accept", v.out().strip(), name + ": " + v.out() + v.err());
        JsonNode pv = new ObjectMapper().readTree(out.resolve("proof.json").toFile()).get("public_values");
        int expected = count(c[0], inputs) + count(c[2], outputs) + (c[1].equals("fixed") ? 0 : count(c[1], weights));
        assertEquals(expected, pv.size() == 0 ? 0 : pv.get(0).size(), name + ": " + pv);
        if (c[1].equals("hashed") || c[1].equals("fixed")) {
            String commitment = ok(ZkmlcTest.zkmlc(args(List.of("commit", model.toString()), opts))).out().strip();
            assertTrue(commitment.startsWith(c[1] + ":"), commitment);
            ZkmlcTest.Run e = ZkmlcTest.zkmlc("verify", "--vk", vk, "--proof", proof, "--expect-model", commitment);
            assertEquals("accept", e.out().strip(), name + " --expect-model: " + e.out() + e.err());
        }
    }

    private static int count(String visibility, int elements) {
        return visibility.equals("public") ? elements : visibility.equals("hashed") ? 1 : 0;
    }

    @Test
    void everyCombinationProvesAndVerifiesUnderHalo2Style() throws IOException {
        List<String[]> all = combinations(3);
        assertEquals(36, all.size());
        for (String[] c : all) {
            provesAndVerifies(TINY, TINY_INPUT, "halo2", c, 4, 10, 2);
        }
    }

    @Test
    void everyCombinationWithoutHashingAndEachTensorHashedProveAndVerifyUnderPlonk() throws IOException {
        List<String[]> plain = combinations(0);
        assertEquals(12, plain.size());
        for (String[] c : plain) {
            provesAndVerifies(TINY, TINY_INPUT, "plonk", c, 4, 10, 2);
        }
        provesAndVerifies(TINY, TINY_INPUT, "plonk", new String[] {"hashed", "hashed", "hashed"}, 4, 10, 2);
        weightsOneUnitOffAreRejectedByTheCommitment("plonk", "plonk-tiny.zk-hashed-hashed-hashed");
    }

    /**
     * The model with its first weight one quantized unit off proves under the audited model's proving
     * key (hashed weights do not shape the circuit) and verifies, but not against the audited commitment.
     */
    static void weightsOneUnitOffAreRejectedByTheCommitment(String backend, String audited) throws IOException {
        List<String> opts = List.of("--backend", backend, "--table-bits", "6", "--input-visibility", "hashed",
                "--param-visibility", "hashed", "--output-visibility", "hashed");
        JsonNode report = new ObjectMapper().readTree(ok(ZkmlcTest.zkmlc(args(List.of("compile", TINY.toString(), "--json",
                "--no-write"), opts))).out());
        int weightScale = CommitmentInteropTest.scale(report.get("quantization").get("weightScale").asText());
        Path other = dir.resolve("one-unit-off.zk");
        Files.writeString(other, VisibilityFlowTest.tiny(VisibilityFlowTest.W[0] + Math.scalb(1.0, -weightScale)));
        Path keys = dir.resolve(audited);
        Path out = dir.resolve(audited + "-one-unit-off");
        ok(ZkmlcTest.zkmlc(args(List.of("prove", other.toString(), "--pk", keys.resolve("pk.bin").toString(), "--input",
                TINY_INPUT.toString(), "-o", out.toString(), "--force"), opts)));
        String vk = keys.resolve("vk.bin").toString();
        String proof = out.resolve("proof.bin").toString();
        assertEquals("accept", ZkmlcTest.zkmlc("verify", "--vk", vk, "--proof", proof).out().strip());
        String audit = ok(ZkmlcTest.zkmlc(args(List.of("commit", TINY.toString()), opts))).out().strip();
        ZkmlcTest.Run r = ZkmlcTest.zkmlc("verify", "--vk", vk, "--proof", proof, "--expect-model", audit);
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("other weights"), r.out());
        String own = ok(ZkmlcTest.zkmlc(args(List.of("commit", other.toString()), opts))).out().strip();
        assertEquals("accept", ZkmlcTest.zkmlc("verify", "--vk", vk, "--proof", proof, "--expect-model", own).out().strip());
    }

    @Test
    @EnabledIfSystemProperty(named = "visibility.full", matches = "true")
    void everyCombinationProvesAndVerifiesUnderPlonk() throws IOException {
        for (String[] c : combinations(3)) {
            provesAndVerifies(TINY, TINY_INPUT, "plonk", c, 4, 10, 2);
        }
    }

    /**
     * {@code -Dvisibility.examples=cnn,mlp,transformer}: every one of the 36 combinations of each named
     * example model (examples/NAME.zk on examples/NAME/input.json, at -O2), under halo2-style and plonk
     * ({@code -Dvisibility.backends=plonk} narrows), through setup, prove and verify, and for hashed or
     * fixed weights verify with {@code zkmlc commit}'s commitment. A combination whose circuit needs
     * more than 2^{@code visibility.maxK} rows (default 20) runs the mock prover instead and says so;
     * one line per combination gives k, the times and the outcome (and which earlier combination
     * had the same verifying key, if one did), then a summary per model and backend. A dev SRS is
     * made only when a combination needs a larger one than the run has.
     */
    @Test
    @EnabledIfSystemProperty(named = "visibility.examples", matches = ".+")
    void everyCombinationProvesAndVerifiesOnTheExampleModels() throws IOException {
        int maxK = Integer.getInteger("visibility.maxK", 20);
        List<String> backends = List.of(System.getProperty("visibility.backends", "halo2,plonk").split(","));
        // visibility.params=hashed (say) runs only the combinations with those weights (e.g. to finish the large ones).
        List<String> weights = List.of(System.getProperty("visibility.params", String.join(",", WEIGHTS)).split(","));
        Path srs = ptau;
        int srsK = 14;
        List<String> failures = new ArrayList<>();
        try {
            for (String name : System.getProperty("visibility.examples").split(",")) {
                Path model = ZkmlcTest.EXAMPLES.resolve(name + ".zk");
                Path input = ZkmlcTest.EXAMPLES.resolve(name).resolve("input.json");
                for (String backend : backends) {
                    Map<ByteBuffer, String> keys = new HashMap<>();
                    int proved = 0;
                    int mocked = 0;
                    long started = System.nanoTime();
                    int run = 0;
                    for (String[] c : combinations(3)) {
                        if (!weights.contains(c[1])) {
                            continue;
                        }
                        run++;
                        String what = name + " " + backend + " " + String.join("/", c);
                        List<String> opts = List.of("--backend", backend, "-O2", "--input-visibility", c[0],
                                "--param-visibility", c[1], "--output-visibility", c[2]);
                        long t0 = System.nanoTime();
                        JsonNode report = new ObjectMapper().readTree(ok(ZkmlcTest.zkmlc(args(List.of("compile",
                                model.toString(), "--json", "--no-write"), opts))).out());
                        int k = report.get("circuit").get("k").asInt();
                        JsonNode vis = report.get("circuit").get("visibility");
                        try {
                            if (k > maxK) {
                                ok(ZkmlcTest.zkmlc(args(List.of("mock", model.toString(), "--input", input.toString()),
                                        opts)));
                                mocked++;
                                System.out.printf("visibility examples: %-40s k=%-2d mock prover passes (above maxK) %.1f s%n",
                                        what, k, seconds(t0));
                                continue;
                            }
                            if (k > srsK) {
                                srsK = k;
                                ptau = dir.resolve("dev" + k + ".ptau");
                                ok(ZkmlcTest.zkmlc("srs", "--dev", "-k", String.valueOf(k), "-o", ptau.toString()));
                                System.out.printf("visibility examples: dev SRS for 2^%d rows made in %.1f s%n", k, seconds(t0));
                                t0 = System.nanoTime();
                            }
                            String runDir = name + "-" + backend + "-" + String.join("-", c);
                            provesAndVerifies(model, input, opts, runDir, c, elements(vis.get("inputs")),
                                    vis.get("parameters").get("elements").asInt(), elements(vis.get("outputs")));
                            proved++;
                            ByteBuffer vk = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(runDir).resolve("vk.bin")));
                            String same = keys.putIfAbsent(vk, what);
                            System.out.printf("visibility examples: %-40s k=%-2d proves and verifies %.1f s%s%n", what, k,
                                    seconds(t0), same == null ? "" : " (the verifying key of " + same + ")");
                        } catch (AssertionError e) {
                            failures.add(what + ": " + e.getMessage());
                            System.out.printf("visibility examples: %-40s k=%-2d FAILS %.1f s: %s%n", what, k, seconds(t0),
                                    e.getMessage());
                        }
                    }
                    System.out.printf("visibility examples: %s %s: %d of %d prove and verify, %d pass the mock prover, %.0f s%n",
                            name, backend, proved, run, mocked, seconds(started));
                }
            }
        } finally {
            ptau = srs;
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static int elements(JsonNode tensors) {
        int n = 0;
        for (JsonNode t : tensors) {
            n += t.get("elements").asInt();
        }
        return n;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
