package dev.zkmlc.frontend.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.interp.FloatInterpreter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standard library computes what it claims: its functions, inlined and run by the float
 * interpreter, against the same functions written out by hand in Java.
 */
class StdlibNumericsTest {
    @TempDir
    Path dir;

    /** Deterministic, varied values in about [-1, 1]. */
    private static double[] values(int n, int salt) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.sin(1.7 * i + 0.3 * salt) * (0.5 + 0.5 * Math.cos(i * 0.11 + salt));
        }
        return v;
    }

    private static String list(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(v[i]);
        }
        return sb.append(']').toString();
    }

    private Map<String, Tensor> run(String program, String input, Tensor value) {
        Graph g = RoundTrip.compile("s.zk", program, dir);
        return FloatInterpreter.run(g, Map.of(input, value));
    }

    private static void assertClose(double[] expected, double[] actual, double tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "element " + i);
        }
    }

    @Test
    void geluTanhWrittenOutEqualsTheApproximateBuiltin() {
        Tensor x = new Tensor(Shape.of(2, 8), values(16, 1));
        Map<String, Tensor> out = run("import std.nn\nmodel s {\n    input x: [2, 8]\n"
                + "    output a = gelu_tanh(x * 3)\n    output b = gelu(x * 3, approximate = true)\n}\n", "x", x);
        assertClose(out.get("b").toArray(), out.get("a").toArray(), 1e-12);
    }

    @Test
    void linearTakesTorchLayoutWeights() {
        double[] w = values(12, 2);
        double[] b = values(3, 3);
        double[] x = values(4, 4);
        Map<String, Tensor> out = run("import std.nn\nmodel s {\n    input x: [1, 4]\n    param w: [3, 4] = " + list(w)
                + "\n    param b: [3] = " + list(b) + "\n    output y = linear(x, w, b)\n}\n", "x",
                new Tensor(Shape.of(1, 4), x));
        double[] expected = new double[3];
        for (int o = 0; o < 3; o++) {
            expected[o] = b[o];
            for (int i = 0; i < 4; i++) {
                expected[o] += x[i] * w[o * 4 + i];
            }
        }
        assertClose(expected, out.get("y").toArray(), 1e-12);
    }

    @Test
    void multiHeadAttentionMatchesAHandWrittenOne() {
        int seq = 3;
        int d = 4;
        int heads = 2;
        double[][] w = new double[4][];
        double[][] b = new double[4][];
        StringBuilder params = new StringBuilder();
        String[] names = {"q", "k", "v", "o"};
        for (int p = 0; p < 4; p++) {
            w[p] = values(d * d, 10 + p);
            b[p] = values(d, 20 + p);
            params.append("    param w").append(names[p]).append(": [4, 4] = ").append(list(w[p])).append('\n');
            params.append("    param b").append(names[p]).append(": [4] = ").append(list(b[p])).append('\n');
        }
        double[] x = values(seq * d, 5);
        String program = "import std.attention\nmodel s {\n    input x: [3, 4]\n" + params
                + "    output y = multi_head_attention(x, wq, bq, wk, bk, wv, bv, wo, bo, " + heads + ")\n"
                + "    output one = multi_head_attention(x, wq, bq, wk, bk, wv, bv, wo, bo, 1)\n"
                + "    output single = attention(x, wq, bq, wk, bk, wv, bv, wo, bo)\n}\n";
        Map<String, Tensor> out = run(program, "x", new Tensor(Shape.of(seq, d), x));

        double[] q = dense(x, seq, d, w[0], b[0]);
        double[] k = dense(x, seq, d, w[1], b[1]);
        double[] v = dense(x, seq, d, w[2], b[2]);
        int dh = d / heads;
        double[] joined = new double[seq * d];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < seq; i++) {
                double[] scores = new double[seq];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < seq; j++) {
                    for (int c = 0; c < dh; c++) {
                        scores[j] += q[i * d + h * dh + c] * k[j * d + h * dh + c];
                    }
                    scores[j] /= Math.sqrt(dh);
                    max = Math.max(max, scores[j]);
                }
                double sum = 0;
                for (int j = 0; j < seq; j++) {
                    scores[j] = Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                for (int c = 0; c < dh; c++) {
                    double acc = 0;
                    for (int j = 0; j < seq; j++) {
                        acc += scores[j] / sum * v[j * d + h * dh + c];
                    }
                    joined[i * d + h * dh + c] = acc;
                }
            }
        }
        assertClose(dense(joined, seq, d, w[3], b[3]), out.get("y").toArray(), 1e-9);
        assertClose(out.get("single").toArray(), out.get("one").toArray(), 1e-12);
        assertTrue(Math.abs(out.get("y").get(0) - out.get("one").get(0)) > 1e-6, "two heads differ from one");
    }

    /** x [rows, d] @ w [d, d] + b. */
    private static double[] dense(double[] x, int rows, int d, double[] w, double[] b) {
        double[] out = new double[rows * d];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < d; o++) {
                double acc = b[o];
                for (int i = 0; i < d; i++) {
                    acc += x[r * d + i] * w[i * d + o];
                }
                out[r * d + o] = acc;
            }
        }
        return out;
    }

    @Test
    void theExamplesRunOnTheirInputs() throws Exception {
        for (String name : new String[] {"mlp", "cnn", "transformer"}) {
            Graph g = ExamplesTest.compile(name);
            String json = Files.readString(ExamplesTest.EXAMPLES.resolve(name).resolve("input.json"));
            String[] parts = json.replaceAll("[^0-9eE.,+-]", "").split(",");
            double[] data = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                data[i] = Double.parseDouble(parts[i]);
            }
            Shape shape = g.inputs().get(0).type().shape();
            Map<String, Tensor> out = FloatInterpreter.run(g, Map.of(g.inputs().get(0).name(), new Tensor(shape, data)));
            for (double v : out.get("logits").toArray()) {
                assertTrue(Double.isFinite(v) && Math.abs(v) < 100, name + " gives a sane logit " + v);
            }
        }
    }

    @Test
    void theMlpExampleComputesWhatItSays() throws Exception {
        Graph g = ExamplesTest.compile("mlp");
        double[] x = values(64, 7);
        Map<String, Tensor> out = FloatInterpreter.run(g, Map.of("x", new Tensor(Shape.of(1, 64), x)));
        double[] h = x;
        int[][] dims = {{64, 32}, {32, 16}, {16, 10}};
        for (int layer = 0; layer < 3; layer++) {
            double[] w = NpyReader.read(Files.readAllBytes(ExamplesTest.EXAMPLES.resolve("mlp/w" + (layer + 1) + ".npy"))).toArray();
            double[] b = NpyReader.read(Files.readAllBytes(ExamplesTest.EXAMPLES.resolve("mlp/b" + (layer + 1) + ".npy"))).toArray();
            double[] next = new double[dims[layer][1]];
            for (int o = 0; o < next.length; o++) {
                next[o] = b[o];
                for (int i = 0; i < dims[layer][0]; i++) {
                    next[o] += h[i] * w[i * next.length + o];
                }
                if (layer < 2) {
                    next[o] = Math.max(0, next[o]);
                }
            }
            h = next;
        }
        assertClose(h, out.get("logits").toArray(), 1e-12);
    }
}
