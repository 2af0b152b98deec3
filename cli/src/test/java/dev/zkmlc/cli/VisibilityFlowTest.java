package dev.zkmlc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.backend.plonk.PlonkBackend;
import dev.zkmlc.circuit.field.Fr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Visibility end to end on a tiny model (k = 8): a model commitment holds a proof to the audited
 * weights; nothing private shows in what a verifier receives; the compile report prices each
 * choice. (Every combination of visibilities proving and verifying: VisibilityCombinationsTest.)
 */
class VisibilityFlowTest {
    static final Path TINY_INPUT = Path.of("src", "test", "resources", "tiny.json");
    /** The tiny model's weights; the variant moves the first by one quantized unit. */
    static final double[] W = {0.5, -1.0, 0.25, 0.75, -0.5, 1.0, 0.125, -0.25};

    @TempDir
    static Path dir;

    static Path ptau;
    static Path modelA;
    static Path modelB;
    static int weightScale;
    static final List<String> HASHED = options("private", "hashed", "public");
    /** Setup and proof of A with hashed weights; B proved with A's proving key (the same circuit). */
    static Path hashedA;
    static Path hashedB;

    @BeforeAll
    static void srsAndModels() throws IOException {
        ptau = dir.resolve("dev.ptau");
        ok(ZkmlcTest.zkmlc("srs", "--dev", "-k", "9", "-o", ptau.toString()));
        modelA = dir.resolve("a.zk");
        Files.writeString(modelA, tiny(W[0]));
        JsonNode report = new ObjectMapper().readTree(ok(ZkmlcTest.zkmlc("compile", modelA.toString(), "--json",
                "--no-write", "--table-bits", "6")).out());
        weightScale = Integer.parseInt(report.get("quantization").get("weightScale").asText().replace("2^-", ""));
        modelB = dir.resolve("b.zk");
        Files.writeString(modelB, tiny(W[0] + Math.scalb(1.0, -weightScale)));
        hashedA = setupAndProve(modelA, HASHED, "hashed-a");
        hashedB = dir.resolve("hashed-b");
        prove(modelB, HASHED, hashedA.resolve("pk.bin"), hashedB);
    }

    static String tiny(double w0) {
        StringBuilder w = new StringBuilder().append(w0);
        for (int i = 1; i < W.length; i++) {
            w.append(", ").append(W[i]);
        }
        return "model tiny {\n    input x: [1, 4] private\n    param w: [4, 2] = [" + w + "]\n"
                + "    param b: [2] = [0.3, 0.2]\n    output y = relu(x @ w + b) public\n}\n";
    }

    static ZkmlcTest.Run ok(ZkmlcTest.Run r) {
        assertEquals(0, r.code(), r.out() + r.err());
        return r;
    }

    static List<String> options(String in, String param, String out) {
        return List.of("--table-bits", "6", "--input-visibility", in, "--param-visibility", param, "--output-visibility", out);
    }

    static String[] args(List<String> head, List<String> opts) {
        List<String> a = new ArrayList<>(head);
        a.addAll(opts);
        return a.toArray(new String[0]);
    }

    /** setup and prove with {@code model}'s options; returns the output directory. */
    static Path setupAndProve(Path model, List<String> opts, String name) {
        Path out = dir.resolve(name);
        ok(ZkmlcTest.zkmlc(args(List.of("setup", model.toString(), "--srs", ptau.toString(), "-o", out.toString()), opts)));
        prove(model, opts, out.resolve("pk.bin"), out);
        return out;
    }

    static void prove(Path model, List<String> opts, Path pk, Path out) {
        ok(ZkmlcTest.zkmlc(args(List.of("prove", model.toString(), "--pk", pk.toString(), "--input", TINY_INPUT.toString(),
                "-o", out.toString(), "--force"), opts)));
    }

    static ZkmlcTest.Run verify(Path vk, Path proof, String... extra) {
        List<String> a = new ArrayList<>(List.of("verify", "--vk", vk.toString(), "--proof", proof.toString()));
        a.addAll(List.of(extra));
        return ZkmlcTest.zkmlc(a.toArray(new String[0]));
    }

    static String commit(Path model, List<String> opts) {
        return ok(ZkmlcTest.zkmlc(args(List.of("commit", model.toString()), opts))).out().strip();
    }

    @Test
    void hashedWeightsOneUnitOffAreRejectedByTheCommitmentThoughTheProofIsValid() {
        String commitA = commit(modelA, HASHED);
        String commitB = commit(modelB, HASHED);
        assertTrue(commitA.startsWith("hashed:"), commitA);
        assertNotEquals(commitA, commitB);
        // B: the same circuit (private weights do not shape it), proved with weights one unit off.
        Path outA = hashedA;
        Path outB = hashedB;
        Path vk = outA.resolve("vk.bin");
        assertEquals("accept", verify(vk, outB.resolve("proof.bin")).out().strip());
        assertEquals("accept", verify(vk, outA.resolve("proof.bin"), "--expect-model", commitA).out().strip());
        ZkmlcTest.Run r = verify(vk, outB.resolve("proof.bin"), "--expect-model", commitA);
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("other weights"), r.out());
        assertEquals("accept", verify(vk, outB.resolve("proof.bin"), "--expect-model", commitB).out().strip());
    }

    @Test
    void fixedWeightsAreIdentifiedByTheVerifyingKey() {
        List<String> opts = options("private", "fixed", "public");
        String commitA = commit(modelA, opts);
        String commitB = commit(modelB, opts);
        assertTrue(commitA.startsWith("fixed:"), commitA);
        assertNotEquals(commitA, commitB);
        Path out = setupAndProve(modelA, opts, "fixed-a");
        assertEquals("accept", verify(out.resolve("vk.bin"), out.resolve("proof.bin"), "--expect-model", commitA).out().strip());
        ZkmlcTest.Run r = verify(out.resolve("vk.bin"), out.resolve("proof.bin"), "--expect-model", commitB);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("not the committed model"), r.out());
    }

    @Test
    void privateWeightsCannotBeCommittedAndABadCommitmentIsAClearError() {
        ZkmlcTest.Run r = ZkmlcTest.zkmlc(args(List.of("commit", modelA.toString()), options("private", "private", "public")));
        assertEquals(3, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--param-visibility hashed"), r.err());
        ZkmlcTest.Run v = ZkmlcTest.zkmlc(args(List.of("compile", modelA.toString()), List.of("--input-visibility", "fixed")));
        assertEquals(ExitCodes.USAGE, v.code());
        assertTrue(v.err().contains("only for weights"), v.err());
    }

    @Test
    void noPrivateValueShowsAndProofsWithOtherPrivateWeightsLookAlike() throws IOException {
        List<String> opts = HASHED;
        Path outA = hashedA;
        Path outB = hashedB;
        // The verifying key of B's circuit is A's, byte for byte: it says nothing of the weights.
        Path outBKeys = dir.resolve("leak-b-keys");
        ok(ZkmlcTest.zkmlc(args(List.of("setup", modelB.toString(), "--srs", ptau.toString(), "-o", outBKeys.toString()), opts)));
        assertArrayEquals(Files.readAllBytes(outA.resolve("vk.bin")), Files.readAllBytes(outBKeys.resolve("vk.bin")));
        byte[] proofA = Files.readAllBytes(outA.resolve("proof.bin"));
        byte[] proofB = Files.readAllBytes(outB.resolve("proof.bin"));
        assertEquals(proofA.length, proofB.length);
        assertEquals(publicValues(outA).get(0).size(), publicValues(outB).get(0).size());

        List<Long> secrets = new ArrayList<>();
        for (double w : W) {
            secrets.add(Math.round(Math.scalb(w, weightScale)));
        }
        secrets.add(Math.round(Math.scalb(W[0], weightScale)) + 1);
        // The vk is checked above by identity (small circuit constants such as 2^9 may equal a weight); the proof
        // and the public JSON must not hold any private weight in either byte order. A weight in [0, 256) encodes as
        // one non-zero byte beside 31 zeros, which a proof also shows wherever a point at infinity (all zeros) meets
        // such a byte: those prove nothing either way, so only weights with a wider encoding are searched for.
        secrets.removeIf(q -> q >= 0 && q < 256);
        assertFalse(secrets.isEmpty(), "the test model must have weights with a wide encoding");
        for (Path out : List.of(outA, outB)) {
            byte[] proof = Files.readAllBytes(out.resolve("proof.bin"));
            String json = Files.readString(out.resolve("proof.json"));
            List<String> pv = publicValues(out).get(0);
            for (long q : secrets) {
                byte[] le = Fr.of(q).toBytesLE();
                byte[] be = reversed(le);
                for (byte[] enc : List.of(le, be)) {
                    assertFalse(contains(proof, enc), "proof holds " + q);
                    assertFalse(json.contains(HexFormat.of().formatHex(enc)), "proof.json holds " + q);
                }
                assertFalse(pv.contains(Fr.of(q).toString()), "public values hold " + q);
            }
        }
    }

    @Test
    void theCompileReportPricesEachVisibilityUnderEitherBackend() throws IOException {
        for (String backend : List.of("halo2", "plonk", "plonk-vanilla")) {
            List<String> b = List.of("--backend", backend);
            JsonNode hashed = report(args(b, options("hashed", "hashed", "hashed")));
            JsonNode priv = report(args(b, options("private", "private", "public")));
            JsonNode fixed = report(args(b, options("private", "fixed", "public")));
            JsonNode vis = hashed.get("circuit").get("visibility");
            int hashRows = backend.equals("halo2") ? Halo2StyleBackend.hashRows(10) : PlonkBackend.hashRows(10);
            assertEquals(backend.equals("halo2") ? 43 : 4690, hashRows);
            JsonNode params = vis.get("parameters");
            assertEquals("hashed", params.get("visibility").asText());
            assertEquals(10, params.get("elements").asInt());
            assertEquals(hashRows, params.get("hashRows").asInt(), vis.toString());
            assertEquals(hashRows + params.get("rangeCheckRows").asInt(), params.get("rows").asInt(), vis.toString());
            assertEquals(backend.equals("halo2") ? 43 : PlonkBackend.hashRows(4), vis.get("inputs").get(0).get("rows").asInt());
            // Private weights cost their range checks, as hashed ones do; fixed ones cost nothing.
            JsonNode privParams = priv.get("circuit").get("visibility").get("parameters");
            int rangeRows = privParams.get("rangeCheckRows").asInt();
            assertTrue(rangeRows > 0, priv.toString());
            assertEquals(rangeRows, privParams.get("rows").asInt());
            assertEquals(0, privParams.get("hashRows").asInt());
            // Hashed weights are range-checked too; the plan search may lay that program's checks out otherwise
            // (e.g. in bits when the Poseidon rows make a lookup table not pay), so only their presence is compared.
            assertTrue(params.get("rangeCheckRows").asInt() > 0, backend);
            assertEquals(0, fixed.get("circuit").get("visibility").get("parameters").get("rows").asInt(), fixed.toString());
            assertEquals(2, priv.get("circuit").get("visibility").get("outputs").get(0).get("publicValues").asInt());
            if (backend.equals("plonk-vanilla")) {
                // One-sided n-bit checks of n booleanity and n - 1 chain rows: the 8 weights (2^-10, |q| <= 1024) in
                // 12 bits, the 2 biases (at the product scale 2^-20, 0.3 -> 314,573) in 20 bits.
                assertEquals(8 * (2 * 12 - 1) + 2 * (2 * 20 - 1), rangeRows, priv.toString());
            }
        }
    }

    static JsonNode report(String... opts) throws IOException {
        return report(List.of(opts));
    }

    static JsonNode report(List<String> opts) throws IOException {
        return new ObjectMapper().readTree(ok(ZkmlcTest.zkmlc(args(List.of("compile", modelA.toString(), "--json", "--no-write"),
                opts))).out());
    }

    static List<List<String>> publicValues(Path out) throws IOException {
        JsonNode pv = new ObjectMapper().readTree(out.resolve("proof.json").toFile()).get("public_values");
        List<List<String>> r = new ArrayList<>();
        for (JsonNode col : pv) {
            List<String> c = new ArrayList<>();
            col.forEach(v -> c.add(v.asText()));
            r.add(c);
        }
        return r;
    }

    static byte[] reversed(byte[] a) {
        byte[] r = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }

    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
