package dev.zkmlc.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.ir.op.Add;
import dev.zkmlc.ir.op.Conv;
import dev.zkmlc.ir.op.Gemm;
import dev.zkmlc.ir.op.MatMul;
import dev.zkmlc.ir.op.Relu;
import dev.zkmlc.ir.op.Reshape;
import dev.zkmlc.ir.op.Softmax;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphVerifierTest {
    private static final SourceLocation LOC = SourceLocation.of("m.zk", 3, 9);
    private static final Input X = new Input("x", TensorType.floats(1, 4), Visibility.PRIVATE);
    private static final Tensor W = Tensor.zeros(Shape.of(4, 2));

    private static IrException rejected(List<Node> nodes, List<Output> outputs) {
        return assertThrows(IrException.class,
                () -> Graph.of("bad", List.of(X), Map.of("w", W), nodes, outputs, Visibility.PRIVATE));
    }

    @Test
    void wellFormedGraphGetsTypes() {
        Graph g = Graph.of("ok", List.of(X), Map.of("w", W),
                List.of(new Node("mm", new MatMul(), List.of("x", "w"), "h", LOC),
                        new Node("act", new Relu(), List.of("h"), "y", LOC)),
                List.of(new Output("y", Visibility.PUBLIC)), Visibility.PRIVATE);
        assertEquals(TensorType.floats(1, 2), g.typeOf("y"));
        assertEquals(8, g.parameterCount());
    }

    @Test
    void rejectsUseBeforeDefinitionWhichAlsoRulesOutCycles() {
        IrException e = rejected(
                List.of(new Node("a", new Relu(), List.of("b"), "a", LOC), new Node("b", new Relu(), List.of("a"), "b", LOC)),
                List.of(new Output("b", Visibility.PUBLIC)));
        assertTrue(e.getMessage().contains("operand 'b' is not defined before use"), e.getMessage());
        assertTrue(e.getMessage().contains("m.zk:3:9"), e.getMessage());
    }

    @Test
    void rejectsShapeMismatchAndNamesTheNode() {
        IrException e = rejected(List.of(new Node("mm", new MatMul(), List.of("w", "x"), "h", LOC)),
                List.of(new Output("h", Visibility.PUBLIC)));
        assertTrue(e.getMessage().contains("node 'mm' (matmul, m.zk:3:9): matmul: inner dimensions differ"), e.getMessage());
    }

    @Test
    void rejectsWrongArity() {
        IrException e = rejected(List.of(new Node("add", new Add(), List.of("x"), "h", LOC)),
                List.of(new Output("h", Visibility.PUBLIC)));
        assertTrue(e.getMessage().contains("takes 2 operands, got 1"), e.getMessage());
    }

    @Test
    void rejectsRedefinitionAndUnknownOutputAndReportsAllProblems() {
        IrException e = rejected(List.of(new Node("r", new Relu(), List.of("x"), "w", LOC)),
                List.of(new Output("nowhere", Visibility.PUBLIC)));
        assertTrue(e.getMessage().contains("value 'w' is defined more than once"), e.getMessage());
        assertTrue(e.getMessage().contains("output 'nowhere' is not a defined value"), e.getMessage());
    }

    @Test
    void rejectsBadAttributes() {
        IrException reshape = rejected(List.of(new Node("r", new Reshape(List.of(3, 3)), List.of("x"), "h", LOC)),
                List.of(new Output("h", Visibility.PUBLIC)));
        assertTrue(reshape.getMessage().contains("has 4 elements"), reshape.getMessage());
        IrException softmax = rejected(List.of(new Node("s", new Softmax(5), List.of("x"), "h", LOC)),
                List.of(new Output("h", Visibility.PUBLIC)));
        assertTrue(softmax.getMessage().contains("axis 5 out of range"), softmax.getMessage());
        IrException gemm = rejected(List.of(new Node("g", new Gemm(1, 1, false, true), List.of("x", "w"), "h", LOC)),
                List.of(new Output("h", Visibility.PUBLIC)));
        assertTrue(gemm.getMessage().contains("gemm: inner dimensions differ"), gemm.getMessage());
    }

    @Test
    void errorsDoNotCascadeToLaterUses() {
        IrException e = rejected(
                List.of(new Node("mm", new MatMul(), List.of("w", "x"), "h", LOC),
                        new Node("r", new Relu(), List.of("h"), "y", LOC)),
                List.of(new Output("y", Visibility.PUBLIC)));
        assertEquals(2, e.getMessage().split("\n").length, e.getMessage());
    }

    @Test
    void convShapeFollowsStridePadDilationAndGroup() {
        Input img = new Input("img", TensorType.floats(1, 4, 9, 9), Visibility.PRIVATE);
        Graph g = Graph.of("cnn", List.of(img), Map.of("k", Tensor.zeros(Shape.of(6, 2, 3, 3))),
                List.of(new Node("c", new Conv(List.of(2, 2), List.of(1, 1, 1, 1), List.of(2, 2), 2),
                        List.of("img", "k"), "y", LOC)),
                List.of(new Output("y", Visibility.PUBLIC)), Visibility.FIXED);
        // (9 + 2 - (2 * 2 + 1)) / 2 + 1 = 4
        assertEquals(TensorType.floats(1, 6, 4, 4), g.typeOf("y"));
    }

    @Test
    void printerShowsOpsAttributesTypesAndLocations() {
        GraphBuilder b = new GraphBuilder("mlp");
        b.input("x", TensorType.floats(1, 4), Visibility.PRIVATE);
        b.initializer("w", W);
        String h = b.node(new MatMul(), List.of("x", "w"), "h", LOC);
        String y = b.node(new Softmax(-1), List.of(h), "y", SourceLocation.UNKNOWN);
        b.output(y, Visibility.PUBLIC);
        String text = b.build().toString();
        assertEquals("graph mlp {\n"
                + "  input x: float[1, 4] private\n"
                + "  param w: float[4, 2] private\n"
                + "  %h = matmul(x, w) : float[1, 2]                             # m.zk:3:9\n"
                + "  %y = softmax{axis=-1}(h) : float[1, 2]\n"
                + "  output %y public\n"
                + "}\n", text);
    }
}
