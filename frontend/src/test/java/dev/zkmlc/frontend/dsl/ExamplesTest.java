package dev.zkmlc.frontend.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Node;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Visibility;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The bundled examples compile to graphs of the expected shapes, with located nodes. */
class ExamplesTest {
    static final Path EXAMPLES = Path.of("..", "examples");

    static Graph compile(String name) {
        return ZkFrontend.compile(EXAMPLES.resolve(name + ".zk"));
    }

    static Map<String, Integer> opCounts(Graph g) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Node n : g.nodes()) {
            counts.merge(n.op().opName(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void mlpIsThreeDenseLayers() {
        Graph g = compile("mlp");
        assertEquals("mlp", g.name());
        assertEquals(Shape.of(1, 64), g.inputs().get(0).type().shape());
        assertEquals(Visibility.PRIVATE, g.inputs().get(0).visibility());
        assertEquals(64 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10, g.parameterCount());
        assertEquals(List.of("logits"), g.outputs().stream().map(o -> o.name()).toList());
        assertEquals(Visibility.PUBLIC, g.outputs().get(0).visibility());
        assertEquals(Shape.of(1, 10), g.typeOf("logits").shape());
        assertEquals(Shape.of(1, 32), g.typeOf("h1").shape());
        assertEquals(Map.of("add", 3, "matmul", 3, "relu", 2), opCounts(g));
    }

    @Test
    void everyNodePointsIntoTheModelFile() {
        for (String name : List.of("mlp", "cnn", "transformer")) {
            Graph g = compile(name);
            for (Node n : g.nodes()) {
                assertEquals(EXAMPLES.resolve(name + ".zk").toString(), n.location().file(), n.toString());
                assertTrue(n.location().line() > 0 && n.location().column() > 0, n.toString());
            }
        }
    }

    @Test
    void mlpNodesCarryTheirExpressionsPositions() {
        Graph g = compile("mlp");
        Node h2 = g.nodes().stream().filter(n -> n.output().equals("h2")).findFirst().orElseThrow();
        assertEquals(16, h2.location().line());
        assertEquals(14, h2.location().column());
        Node dense = g.nodes().stream().filter(n -> n.op().opName().equals("matmul")).findFirst().orElseThrow();
        assertEquals(15, dense.location().line());
        assertEquals(19, dense.location().column());
        assertTrue(dense.location().detail().startsWith("in std.nn.dense (std/nn.zk:"), dense.location().detail());
    }

    @Test
    void cnnShapes() {
        Graph g = compile("cnn");
        assertEquals(Shape.of(1, 4, 8, 8), g.typeOf("c1").shape());
        assertEquals(Shape.of(1, 4, 4, 4), g.typeOf("p1").shape());
        assertEquals(Shape.of(1, 8, 4, 4), g.typeOf("c2").shape());
        assertEquals(Shape.of(1, 8), g.typeOf("features").shape());
        assertEquals(Shape.of(1, 10), g.typeOf("logits").shape());
        assertEquals(Map.of("add", 1, "conv", 2, "flatten", 1, "global_avg_pool", 1, "matmul", 1, "max_pool", 1,
                "relu", 2), opCounts(g));
    }

    @Test
    void transformerShapes() {
        Graph g = compile("transformer");
        assertEquals(Shape.of(4, 16), g.typeOf("attended").shape());
        assertEquals(Shape.of(4, 16), g.typeOf("encoded").shape());
        assertEquals(Shape.of(1, 16), g.typeOf("pooled").shape());
        assertEquals(Shape.of(1, 4), g.typeOf("logits").shape());
        Map<String, Integer> ops = opCounts(g);
        assertEquals(2, ops.get("layer_norm"));
        assertEquals(1, ops.get("softmax"));
        assertEquals(1, ops.get("gelu"));
        // q, k, v, o projections, two feed-forward layers, the head; scores and the weighted sum.
        assertEquals(9, ops.get("matmul"));
        boolean batchedScores = g.nodes().stream().anyMatch(n -> n.op().opName().equals("softmax")
                && g.typeOf(n.output()).shape().equals(Shape.of(2, 4, 4)));
        assertTrue(batchedScores, "two heads attend in parallel over [2, 4, 4] scores");
    }

    @Test
    void examplesHaveAnInputOfTheirInputsSize() throws Exception {
        for (String name : List.of("mlp", "cnn", "transformer")) {
            Graph g = compile(name);
            String json = Files.readString(EXAMPLES.resolve(name).resolve("input.json"));
            assertTrue(json.startsWith("{\"input_data\": [["), name);
            int values = json.split(",").length;
            assertEquals(g.inputs().get(0).type().shape().size(), values, name);
        }
    }
}
