package dev.zkmlc.cli;

import static dev.zkmlc.cli.VisibilityFlowTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.hash.Circomlibjs;
import dev.zkmlc.circuit.hash.PoseidonChain;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The weights hash {@code zkmlc commit} prints is what anyone gets from circomlibjs's
 * {@code poseidon} (interop/, pinned 0.1.7) over the model's quantized weights by the chain rule of
 * docs/poseidon.md, under either backend. The quantized weights are derived here from the model
 * source and the scales the compile report states (weights at the weight scale, a dense layer's
 * bias at input scale + weight scale, in the order the model declares them), not read from zkmlc.
 */
class CommitmentInteropTest {

    /** y = relu(x @ w + b) with x: [1, n], w: [n, m], b: [m]; weights on a 1/16 grid, so quantization is exact. */
    static String model(int n, int m, double[] w, double[] b) {
        return "model dense {\n    input x: [1, " + n + "] private\n    param w: [" + n + ", " + m + "] = " + list(w) + "\n"
                + "    param b: [" + m + "] = " + list(b) + "\n    output y = relu(x @ w + b) public\n}\n";
    }

    static String list(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(v[i]);
        }
        return sb.append(']').toString();
    }

    static List<String> hashedWeights(String backend) {
        return List.of("--backend", backend, "--table-bits", "6", "--param-visibility", "hashed");
    }

    @Test
    void theWeightsHashThatCommitPrintsIsCircomlibjsPoseidonOverTheQuantizedWeights(@TempDir Path tmp) throws Exception {
        // 4 x 8 weights and 8 biases: 40 values, three chain links, the last padded.
        int n = 4;
        int m = 8;
        double[] w = new double[n * m];
        for (int i = 0; i < w.length; i++) {
            w[i] = ((i * 37) % 31 - 15) / 16.0;
        }
        double[] b = new double[m];
        for (int i = 0; i < m; i++) {
            b[i] = (i % 5 - 2) / 8.0;
        }
        Path model = tmp.resolve("dense.zk");
        Files.writeString(model, model(n, m, w, b));

        JsonNode report = new ObjectMapper().readTree(ok(ZkmlcTest.zkmlc(VisibilityFlowTest.args(List.of("compile",
                model.toString(), "--json", "--no-write"), hashedWeights("halo2")))).out());
        int weightScale = scale(report.get("quantization").get("weightScale").asText());
        int inputScale = scale(report.get("quantization").get("inputScales").get(0).asText());
        List<Fr> quantized = new ArrayList<>();
        for (double v : w) {
            quantized.add(Fr.of(Math.round(Math.scalb(v, weightScale))));
        }
        for (double v : b) {
            quantized.add(Fr.of(Math.round(Math.scalb(v, weightScale + inputScale))));
        }
        assertEquals(40, report.get("circuit").get("visibility").get("parameters").get("elements").asInt());
        Fr circomlibjs = Circomlibjs.chain(PoseidonChain.DEFAULT.arity(), quantized, tmp);

        for (String backend : List.of("halo2", "plonk", "plonk-vanilla")) {
            String commitment = ok(ZkmlcTest.zkmlc(VisibilityFlowTest.args(List.of("commit", model.toString()),
                    hashedWeights(backend)))).out().strip();
            String[] parts = commitment.split(":");
            assertEquals("hashed", parts[0], commitment);
            assertTrue(parts[2].startsWith("0x"), commitment);
            assertEquals(circomlibjs, Fr.of(new BigInteger(parts[2].substring(2), 16)), backend + ": " + commitment);
        }
    }

    /** "2^-10" (or "x: 2^-10") -> 10. */
    static int scale(String s) {
        return Integer.parseInt(s.substring(s.indexOf("2^-") + 3).trim());
    }
}
