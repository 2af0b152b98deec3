package dev.zkmlc.frontend.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Node;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Visibility;
import dev.zkmlc.ir.op.Conv;
import dev.zkmlc.ir.op.MaxPool;
import dev.zkmlc.ir.op.Slice;
import dev.zkmlc.ir.op.Squeeze;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the language means: each feature, compiled and checked against the graph it gives. */
class LanguageTest {
    @TempDir
    Path dir;

    /** Every program here is also a printer test: its canonical form must compile to the same graph. */
    private Graph compile(String program) {
        return RoundTrip.compile("t.zk", program, dir);
    }

    /** A model with one input x of the given shape and one output y = expr. */
    private Graph expr(String shape, String expr) {
        return compile("model t {\n    input x: " + shape + " private\n    output y = " + expr + " public\n}\n");
    }

    private static Node last(Graph g) {
        return g.nodes().get(g.nodes().size() - 1);
    }

    @Test
    void aSmallModelPrintsAsExpected() {
        Graph g = compile("""
                model tiny {
                    input x: [1, 2] public
                    param w: [2, 2] = [[1, 0], [0, 1]]
                    param b: [2] = [0.5, -1.0]
                    let h = x @ w + b
                    output y = relu(h) public
                }
                """);
        assertEquals("""
                graph tiny {
                  input x: float[1, 2] public
                  param w: float[2, 2] private
                  param b: float[2] private
                  %matmul = matmul(x, w) : float[1, 2]                        # t.zk:5:15
                  %h = add(matmul, b) : float[1, 2]                           # t.zk:5:19
                  %y = relu(h) : float[1, 2]                                  # t.zk:6:16
                  output %y public
                }
                """, g.toString());
        assertArrayEquals(new double[] {1, 0, 0, 1}, g.initializers().get("w").toArray());
        assertArrayEquals(new double[] {0.5, -1.0}, g.initializers().get("b").toArray());
    }

    @Test
    void compilingTwiceGivesTheSameGraph() {
        String program = "import std.attention\nmodel a {\n    input x: [3, 4] private\n    param w: [4, 4] = 0.1\n"
                + "    param b: [4] = 0.0\n    output y = attention(x, w, b, w, b, w, b, w, b) public\n}\n";
        assertEquals(compile(program).toString(), compile(program).toString());
    }

    @Test
    void operatorsFollowPythonPrecedence() {
        Graph g = expr("[2, 2]", "-x @ x + x * 2 / 4 - x");
        List<String> ops = g.nodes().stream().map(n -> n.op().opName()).toList();
        assertEquals(List.of("neg", "matmul", "mul", "div", "add", "sub"), ops);
        Node sub = last(g);
        assertEquals("add", g.nodes().stream().filter(n -> n.output().equals(sub.inputs().get(0))).findFirst()
                .orElseThrow().op().opName());
    }

    @Test
    void numbersAreFoldedAtCompileTime() {
        Graph g = compile("""
                model t {
                    input x: [1, 8] private
                    let half = dim(x, 1) // 2
                    let scale = 1.0 / sqrt(16) - -1
                    output y = reshape(x, [2, half * 1]) * scale public
                }
                """);
        assertEquals(Shape.of(2, 4), g.typeOf("y").shape());
        double constant = g.initializers().values().stream().filter(t -> t.shape().rank() == 0).findFirst()
                .orElseThrow().get(0);
        assertEquals(1.25, constant);
    }

    @Test
    void listsOfNumbersBecomeConstantTensors() {
        Graph g = expr("[2, 3]", "x + [[1, 2, 3], [4, 5, 6]]");
        assertEquals(Shape.of(2, 3), g.initializers().get("const").shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, g.initializers().get("const").toArray());
    }

    @Test
    void indexingSlicesAndDropsAxes() {
        Graph g = expr("[4, 6]", "x[1, 2:-1]");
        assertEquals(Shape.of(3), g.typeOf("y").shape());
        Slice slice = (Slice) g.nodes().get(0).op();
        assertEquals(new Slice(List.of(1, 2), List.of(2, 5), List.of(0, 1), List.of(1, 1)), slice);
        assertEquals(new Squeeze(List.of(0)), last(g).op());
    }

    @Test
    void negativeStepsReverse() {
        Graph g = expr("[5]", "x[::-2]");
        assertEquals(Shape.of(3), g.typeOf("y").shape());
        assertEquals(new Slice(List.of(4), List.of(-1), List.of(0), List.of(-2)), last(g).op());
    }

    @Test
    void aFullSliceIsTheValueItself() {
        Graph g = compile("model t {\n    input x: [2, 3] private\n    let z = relu(x)\n    output y = z[:, :] public\n}\n");
        assertEquals(1, g.nodes().size());
        assertEquals("y", g.outputs().get(0).name(), "an output names the value it exposes");
    }

    @Test
    void listsIndexAtCompileTime() {
        Graph g = expr("[2, 3, 4]", "reshape(x, [shape(x)[-1], rank(x) * 2])");
        assertEquals(Shape.of(4, 6), g.typeOf("y").shape());
    }

    @Test
    void functionsAreInlinedWithDefaultsAndNamedArguments() {
        Graph g = compile("""
                fn affine(x, scale = 2.0, shift = scale * 0.5) {
                    let scaled = x * scale
                    return scaled + shift
                }
                fn twice(x) = affine(affine(x), shift = 0)
                model t {
                    input x: [3] private
                    output y = twice(x) public
                }
                """);
        assertEquals(List.of("mul", "add", "mul", "add"), g.nodes().stream().map(n -> n.op().opName()).toList());
        List<Double> constants = g.initializers().values().stream().map(t -> t.get(0)).toList();
        assertEquals(List.of(2.0, 1.0, 2.0, 0.0), constants);
        for (Node n : g.nodes()) {
            assertTrue(n.location().line() <= 3, "nodes of a user function point into the function: " + n);
        }
    }

    @Test
    void builtinsMapToTheirOps() {
        String[][] cases = {
            {"[1, 3, 8, 8]", "conv(x, [[[[1.0]]], [[[2.0]]], [[[3.0]]]], groups = 3, stride = 2, pad = [1, 0, 0, 0])", "conv", "[1, 3, 5, 4]"},
            {"[1, 2, 8, 8]", "max_pool(x, [2, 2])", "max_pool", "[1, 2, 4, 4]"},
            {"[1, 2, 8, 8]", "avg_pool(x, 3, stride = 1, pad = 1)", "avg_pool", "[1, 2, 8, 8]"},
            {"[1, 2, 8, 8]", "global_avg_pool(x)", "global_avg_pool", "[1, 2, 1, 1]"},
            {"[1, 2, 8, 8]", "global_max_pool(x)", "global_max_pool", "[1, 2, 1, 1]"},
            {"[2, 5]", "softmax(x, axis = 0)", "softmax", "[2, 5]"},
            {"[2, 5]", "layer_norm(x, [1, 1, 1, 1, 1], eps = 0.001)", "layer_norm", "[2, 5]"},
            {"[1, 2, 3, 3]", "batch_norm(x, [1, 1], [0, 0], [0, 0], [1, 1])", "batch_norm", "[1, 2, 3, 3]"},
            {"[2, 6]", "reshape(x, [3, -1])", "reshape", "[3, 4]"},
            {"[2, 3, 4]", "flatten(x)", "flatten", "[2, 12]"},
            {"[2, 3, 4]", "transpose(x)", "transpose", "[4, 3, 2]"},
            {"[2, 3, 4]", "transpose(x, perm = [0, 2, 1])", "transpose", "[2, 4, 3]"},
            {"[2, 3]", "concat([x, x, x], axis = 1)", "concat", "[2, 9]"},
            {"[2, 6]", "slice(x, 1, 1, -1, step = 2)", "slice", "[2, 2]"},
            {"[2, 1, 3]", "squeeze(x, 1)", "squeeze", "[2, 3]"},
            {"[2, 3]", "unsqueeze(x, [0, 3])", "unsqueeze", "[1, 2, 3, 1]"},
            {"[1, 3]", "expand(x, [4, 3])", "expand", "[4, 3]"},
            {"[2, 3]", "pad(x, 1, value = -1.0)", "pad", "[4, 5]"},
            {"[5, 3]", "gather(x, [4, 0, -1])", "gather", "[3, 3]"},
            {"[5, 3]", "gather(x, 2, axis = 0)", "gather", "[3]"},
            {"[2, 3]", "sum(x)", "reduce_sum", "[]"},
            {"[2, 3]", "mean(x, axis = 1, keepdims = true)", "reduce_mean", "[2, 1]"},
            {"[2, 3]", "max(x, axis = [0, 1])", "reduce_max", "[]"},
            {"[2, 3]", "min(x, axis = 0)", "reduce_min", "[3]"},
            {"[2, 3]", "argmax(x)", "argmax", "[2]"},
            {"[2, 3]", "maximum(x, 0)", "max", "[2, 3]"},
            {"[2, 3]", "minimum(x, x)", "min", "[2, 3]"},
            {"[2, 3]", "matmul(x, transpose(x))", "matmul", "[2, 2]"},
            {"[2, 3]", "relu(x)", "relu", "[2, 3]"},
            {"[2, 3]", "sigmoid(x)", "sigmoid", "[2, 3]"},
            {"[2, 3]", "tanh(x)", "tanh", "[2, 3]"},
            {"[2, 3]", "gelu(x, approximate = true)", "gelu", "[2, 3]"},
            {"[2, 3]", "leaky_relu(x, alpha = 0.1)", "leaky_relu", "[2, 3]"},
            {"[2, 3]", "exp(x)", "exp", "[2, 3]"},
            {"[2, 3]", "log(x)", "log", "[2, 3]"},
            {"[2, 3]", "sqrt(x)", "sqrt", "[2, 3]"},
            {"[2, 3]", "erf(x)", "erf", "[2, 3]"},
            {"[2, 3]", "abs(x)", "abs", "[2, 3]"},
            {"[2, 3]", "neg(x)", "neg", "[2, 3]"},
            {"[2, 3]", "reciprocal(x)", "reciprocal", "[2, 3]"},
            {"[2, 3]", "softplus(x)", "softplus", "[2, 3]"},
            {"[2, 3]", "hard_sigmoid(x)", "hard_sigmoid", "[2, 3]"},
            {"[2, 3]", "pow(x, 3)", "pow", "[2, 3]"},
            {"[2, 3]", "clip(x, min = 0, max = 6)", "clip", "[2, 3]"},
        };
        for (String[] c : cases) {
            Graph g = expr(c[0], c[1]);
            assertEquals(c[2], last(g).op().opName(), c[1]);
            assertEquals(c[3], g.typeOf("y").shape().toString(), c[1]);
        }
    }

    @Test
    void convAndPoolAttributesAreSpelledOut() {
        Graph g = expr("[1, 1, 9, 9]", "max_pool(conv(x, [[[[1.0, 1.0]]]], stride = [1, 2], dilation = 2), 2, stride = 1)");
        assertEquals(new Conv(List.of(1, 2), List.of(0, 0, 0, 0), List.of(2, 2), 1), g.nodes().get(0).op());
        assertEquals(new MaxPool(List.of(2, 2), List.of(1, 1), List.of(0, 0, 0, 0), List.of(1, 1), false),
                g.nodes().get(1).op());
    }

    @Test
    void parameterVisibilityIsTheModels() {
        Graph g = compile("model t {\n    input x: [2] public\n    param a: [2] = 1.0 fixed\n    param b: [2] = 2.0\n"
                + "    output y = x * a + b private\n}\n");
        assertEquals(Visibility.FIXED, g.parameterVisibility());
        assertEquals(Visibility.PUBLIC, g.inputs().get(0).visibility());
        assertEquals(Visibility.PRIVATE, g.outputs().get(0).visibility());
        assertArrayEquals(new double[] {2.0, 2.0}, g.initializers().get("b").toArray());
    }

    @Test
    void parametersTakeEveryVisibility() {
        for (Visibility v : Visibility.values()) {
            Graph g = compile("model t {\n    input x: [2]\n    param a: [2] = 1.0 " + v.keyword()
                    + "\n    param b: [2] = 2.0\n    output y = x * a + b\n}\n");
            assertEquals(v, g.parameterVisibility(), v.keyword());
        }
        Graph undeclared = compile("model t {\n    input x: [2]\n    param a: [2] = 1.0\n    output y = x * a\n}\n");
        assertEquals(Visibility.PRIVATE, undeclared.parameterVisibility());
    }

    @Test
    void declaredVisibilitiesAreListedWhereWritten() throws IOException {
        Path file = Files.writeString(dir.resolve("v.zk"), "model t {\n    input x: [2] public\n    input z: [2]\n"
                + "    param a: [2] = 1.0\n    param b: [2] = 2.0 hashed\n    param c: [2] = 2.0 hashed\n"
                + "    output y = x * a + b + z private\n    output w = x + c\n}\n");
        assertEquals(List.of(
                new DeclaredVisibility(DeclaredVisibility.Role.INPUT, "x", Visibility.PUBLIC, file + ":2:18"),
                new DeclaredVisibility(DeclaredVisibility.Role.PARAMETERS, "b", Visibility.HASHED, file + ":5:24"),
                new DeclaredVisibility(DeclaredVisibility.Role.OUTPUT, "y", Visibility.PRIVATE, file + ":7:30")),
                ZkFrontend.declaredVisibilities(file));
    }

    @Test
    void inputsArePrivateAndOutputsPublicByDefault() {
        Graph g = compile("model t {\n    input x: [2]\n    output y = relu(x)\n}\n");
        assertEquals(Visibility.PRIVATE, g.inputs().get(0).visibility());
        assertEquals(Visibility.PUBLIC, g.outputs().get(0).visibility());
    }

    @Test
    void userModulesAreImportedFromTheModelsDirectory() throws IOException {
        Files.createDirectories(dir.resolve("layers"));
        Files.writeString(dir.resolve("layers/act.zk"), "import std.nn\nfn act(x) = silu(x) + 1\n");
        Graph g = compile("import layers.act\nmodel t {\n    input x: [2] private\n    output y = act(x) public\n}\n");
        assertEquals(List.of("sigmoid", "mul", "add"), g.nodes().stream().map(n -> n.op().opName()).toList());
        assertEquals(dir.resolve("layers/act.zk").toString(), g.nodes().get(0).location().file());
    }

    @Test
    void importedFunctionsCanBeCalledThroughTheirModule() throws IOException {
        Files.writeString(dir.resolve("mine.zk"), "fn dense(x, w, b) = x * w + b\n");
        Graph g = compile("""
                import std.nn
                import mine as my
                model t {
                    input x: [1, 2] private
                    let a = nn.dense(x, [[1, 0], [0, 1]], [0, 0])
                    output y = my.dense(a, 2, 3) public
                }
                """);
        assertEquals(List.of("matmul", "add", "mul", "add"), g.nodes().stream().map(n -> n.op().opName()).toList());
    }

    @Test
    void localFunctionsShadowImportedOnes() {
        Graph g = compile("import std.nn\nfn dense(x, w, b) = x * w\nmodel t {\n    input x: [2] private\n"
                + "    output y = dense(x, 2, 3) public\n}\n");
        assertEquals(List.of("mul"), g.nodes().stream().map(n -> n.op().opName()).toList());
    }

    @Test
    void theStandardLibraryCompiles() {
        Graph g = compile("""
                import std.nn
                import std.attention
                model t {
                    input x: [1, 2, 6, 6] private
                    input s: [3, 4] private
                    param w: [4, 4] = 0.1
                    param b: [4] = 0.0
                    let c = conv2d(x, [[[[1.0]], [[1.0]]]], [0.0], stride = 2)
                    let p = avg_pool2d(max_pool2d(x, size = 2, stride = 1), size = 1)
                    let acts = hard_swish(mish(swish(gelu_tanh(s))))
                    let a = attention(norm(acts, [1, 1, 1, 1], [0, 0, 0, 0]), w, b, w, b, w, b, w, b)
                    let m = multi_head_attention(s, w, b, w, b, w, b, w, b, 2)
                    output out1 = global_avg_pool2d(c) public
                    output out2 = classify(feed_forward(a + m, w, b, w, b) + linear(s, w, b)) public
                    output out3 = p public
                    input seq: [1, 2, 10] private
                    output out4 = avg_pool1d(max_pool1d(conv1d(dropout(seq, p = 0.1), [[[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]], [0.0],
                                                               pad = 1), size = 2), size = 5) public
                }
                """);
        assertEquals(Shape.of(1, 1, 1), g.typeOf("out4").shape());
        assertEquals(Shape.of(1, 1), g.typeOf("out1").shape());
        assertEquals(Shape.of(3, 4), g.typeOf("out2").shape());
        assertEquals(Shape.of(1, 2, 5, 5), g.typeOf("out3").shape());
    }

    @Test
    void commentsAndTrailingCommasAreAllowed() {
        Graph g = compile("# a comment\nmodel t { # another\n    input x: [2, 3,] private\n"
                + "    output y = concat([x, x,], axis = 0,) public # the end\n}\n");
        assertEquals(Shape.of(4, 3), g.typeOf("y").shape());
    }
}
