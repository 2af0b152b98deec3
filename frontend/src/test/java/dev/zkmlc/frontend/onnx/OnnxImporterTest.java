package dev.zkmlc.frontend.onnx;

import static dev.zkmlc.frontend.onnx.OnnxModels.attr;
import static dev.zkmlc.frontend.onnx.OnnxModels.attrInts;
import static dev.zkmlc.frontend.onnx.OnnxModels.dims;
import static dev.zkmlc.frontend.onnx.OnnxModels.in;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.frontend.onnx.proto.Onnx.TensorProto;
import dev.zkmlc.ir.DType;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Node;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.op.Clip;
import dev.zkmlc.ir.op.Conv;
import dev.zkmlc.ir.op.Gather;
import dev.zkmlc.ir.op.Pad;
import dev.zkmlc.ir.op.Reshape;
import dev.zkmlc.ir.op.Resize;
import dev.zkmlc.ir.op.Slice;
import dev.zkmlc.ir.op.Softmax;
import dev.zkmlc.ir.op.Squeeze;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OnnxImporterTest {

    private static String ops(Graph g) {
        return g.nodes().stream().map(n -> n.op().opName()).collect(Collectors.joining(" "));
    }

    private static Node only(Graph g) {
        assertEquals(1, g.nodes().size(), () -> "expected one node in\n" + g);
        return g.nodes().get(0);
    }

    @Test
    void importsAGemmReluModelWithOnnxNamesAndPublicOutputs() {
        Graph g = OnnxModels.opset(13).input("x", -1, 3)
                .floats("w", dims(2, 3), 1, 2, 3, 4, 5, 6).floats("b", dims(2), 0.5, -0.5)
                .node("Gemm", "h", in("x", "w", "b"), attr("transB", 1))
                .node("Relu", "y", in("h")).output("y").importGraph();
        assertEquals("gemm relu", ops(g));
        assertEquals(Shape.of(1, 3), g.inputs().get(0).type().shape(), "symbolic batch becomes 1");
        assertEquals("y", g.outputs().get(0).name());
        assertEquals(dev.zkmlc.ir.Visibility.PUBLIC, g.outputs().get(0).visibility());
        assertEquals(Shape.of(1, 2), g.typeOf("y").shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, g.initializers().get("w").toArray());
    }

    @Test
    void batchOptionSetsTheSymbolicLeadingDimension() {
        byte[] model = OnnxModels.opset(13).input("x", -1, 3).node("Relu", "y", in("x")).output("y").bytes();
        Graph g = new OnnxImporter(new OnnxImportOptions(4)).importBytes(model, "m.onnx");
        assertEquals(Shape.of(4, 3), g.typeOf("y").shape());
    }

    @Test
    void malformedBytesGiveOneClearError() {
        OnnxImportException e = assertThrows(OnnxImportException.class,
                () -> new OnnxImporter().importBytes(new byte[] {(byte) 0xff, (byte) 0xff, 0x01, 0x02}, "bad.onnx"));
        assertTrue(e.getMessage().startsWith("bad.onnx: not a valid ONNX model"), e.getMessage());
        OnnxImportException empty = assertThrows(OnnxImportException.class,
                () -> new OnnxImporter().importBytes(new byte[0], "empty.onnx"));
        assertEquals("empty.onnx: not a valid ONNX model (no graph)", empty.getMessage());
    }

    @Test
    void opsetsOutsideSevenToTwentyOneAreRefused() {
        OnnxImportException old = assertThrows(OnnxImportException.class,
                () -> OnnxModels.opset(6).input("x", 2).node("Relu", "y", in("x")).output("y").importGraph());
        assertEquals("model.onnx: opset 6 is not supported (zkmlc reads opsets 7 to 21)", old.getMessage());
        byte[] none = OnnxModels.opset(13).input("x", 2).node("Relu", "y", in("x")).output("y").model().toBuilder()
                .clearOpsetImport().build().toByteArray();
        OnnxImportException missing = assertThrows(OnnxImportException.class,
                () -> new OnnxImporter().importBytes(none, "model.onnx"));
        assertEquals("model.onnx: the model imports no opset for the default ONNX domain", missing.getMessage());
    }

    @Test
    void dropoutInTrainingModeIsRefused() {
        OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxModels.opset(13).input("x", 2)
                .floats("ratio", dims(), 0.5).graphTensor("training", TensorProto.DataType.BOOL_VALUE, dims(), 1)
                .node("Dropout", "y", in("x", "ratio", "training")).output("y").importGraph());
        assertEquals("model.onnx: node 'Dropout_0' (op Dropout, opset 13): training_mode=true is not supported "
                + "(inference only)", e.getMessage());
    }

    @Test
    void everyUnsupportedOperatorIsListedWithNodeAndOpset() {
        OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxModels.opset(13)
                .input("x", 1, 4)
                .node("Relu", "a", in("x"))
                .node("Frobnicate", "b", in("a"))
                .node("Relu", "c", in("b"))
                .node("Det", in("a"), new String[] {"d"})
                .output("c").output("d").importGraph());
        assertEquals(List.of(
                "model.onnx: node 'Frobnicate_1' (op Frobnicate, opset 13): operator Frobnicate is not supported",
                "model.onnx: node 'Det_3' (op Det, opset 13): operator Det is not supported"), e.problems());
        assertTrue(e.getMessage().contains("2 problems"), e.getMessage());
    }

    @Test
    void unsupportedAttributeNamesNodeOpsetAndValue() {
        OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxModels.opset(13)
                .input("x", 1, 1, 4, 4).floats("w", dims(1, 1, 1, 1), 2)
                .node("Conv", "y", in("x", "w"), attr("auto_pad", "SOMETIMES")).output("y").importGraph());
        assertEquals("model.onnx: node 'Conv_0' (op Conv, opset 13): attribute auto_pad=SOMETIMES is not supported",
                e.getMessage());
    }

    @Test
    void shapeArithmeticOnStaticShapesFoldsIntoOneReshape() {
        // x.view(x.size(0), -1) as PyTorch exports it: Shape -> Gather -> Unsqueeze -> Concat -> Reshape.
        Graph g = OnnxModels.opset(11).input("x", -1, 2, 3)
                .ints("zero", dims(), 0).ints("minus1", dims(1), -1)
                .node("Shape", "s", in("x"))
                .node("Gather", "n", in("s", "zero"), attr("axis", 0))
                .node("Unsqueeze", "n1", in("n"), attrInts("axes", 0))
                .node("Concat", "target", in("n1", "minus1"), attr("axis", 0))
                .node("Reshape", "y", in("x", "target")).output("y").importGraph();
        Node n = only(g);
        assertEquals(new Reshape(List.of(1, 6)), n.op());
        assertEquals("y", n.output());
    }

    @Test
    void identityDropoutAndFloatCastsVanish() {
        Graph g = OnnxModels.opset(13).input("x", 1, 3)
                .node("Identity", "a", in("x"))
                .node("Dropout", "b", in("a"))
                .node("Cast", "c", in("b"), attr("to", TensorProto.DataType.DOUBLE_VALUE))
                .node("Relu", "y", in("c")).output("y").importGraph();
        assertEquals("relu", ops(g));
    }

    @Test
    void anOutputThatIsAnInputUnderAnotherNameKeepsItsOnnxName() {
        Graph g = OnnxModels.opset(13).input("x", 1, 3).node("Identity", "y", in("x")).output("y").importGraph();
        assertEquals("y", g.outputs().get(0).name());
        assertEquals(Shape.of(1, 3), g.typeOf("y").shape());
    }

    @Test
    void aRunTimeDivisorBecomesAProductWithItsReciprocal() {
        Graph g = OnnxModels.opset(13).input("x", 1, 3).input("d", 1, 3).floats("c", dims(), 4)
                .node("Div", "q", in("x", "d")).node("Div", "y", in("q", "c")).output("y").importGraph();
        assertEquals("reciprocal mul div", ops(g));
    }

    @Test
    void batchNormalizationFoldsIntoThePrecedingConv() {
        Graph g = OnnxModels.opset(13).input("x", 1, 2, 3, 3)
                .floats("w", dims(2, 2, 1, 1), 1, 0, 0, 1).floats("b", dims(2), 1, 2)
                .floats("scale", dims(2), 2, 3).floats("shift", dims(2), 0.5, 0)
                .floats("mean", dims(2), 1, 0).floats("var", dims(2), 3, 8)
                .node("Conv", "c", in("x", "w", "b"))
                .node("BatchNormalization", "y", in("c", "scale", "shift", "mean", "var"), attr("epsilon", 1.0))
                .output("y").importGraph();
        Node conv = only(g);
        assertTrue(conv.op() instanceof Conv);
        assertEquals("y", conv.output());
        // s = scale / sqrt(var + eps) = [1, 1]; w' = w * s; b' = (b - mean) * s + shift = [0.5, 2].
        assertArrayEquals(new double[] {1, 0, 0, 1}, g.initializers().get(conv.inputs().get(1)).toArray(), 1e-7);
        assertArrayEquals(new double[] {0.5, 2}, g.initializers().get(conv.inputs().get(2)).toArray(), 1e-7);
    }

    @Test
    void batchNormalizationWithoutAFoldableLayerStaysABatchNorm() {
        Graph g = OnnxModels.opset(13).input("x", 1, 2, 3, 3)
                .floats("scale", dims(2), 2, 3).floats("shift", dims(2), 0.5, 0)
                .floats("mean", dims(2), 1, 0).floats("var", dims(2), 3, 8)
                .node("Relu", "r", in("x"))
                .node("BatchNormalization", "y", in("r", "scale", "shift", "mean", "var")).output("y").importGraph();
        assertEquals("relu batch_norm", ops(g));
    }

    @Test
    void squeezeAxesComeFromTheAttributeBeforeOpset13AndTheInputFrom13() {
        Graph old = OnnxModels.opset(11).input("x", 1, 3, 1)
                .node("Squeeze", "y", in("x"), attrInts("axes", 2)).output("y").importGraph();
        assertEquals(new Squeeze(List.of(2)), only(old).op());
        Graph current = OnnxModels.opset(13).input("x", 1, 3, 1).ints("axes", dims(1), -1)
                .node("Squeeze", "y", in("x", "axes")).output("y").importGraph();
        assertEquals(new Squeeze(List.of(-1)), only(current).op());
        assertEquals(Shape.of(1, 3), current.typeOf("y").shape());
    }

    @Test
    void softmaxBeforeOpset13NormalisesOverAllTrailingAxes() {
        Graph old = OnnxModels.opset(11).input("x", 2, 3, 4)
                .node("Softmax", "y", in("x"), attr("axis", 1)).output("y").importGraph();
        assertEquals("reshape softmax reshape", ops(old));
        assertEquals(new Reshape(List.of(2, 12)), old.nodes().get(0).op());
        Graph current = OnnxModels.opset(13).input("x", 2, 3, 4)
                .node("Softmax", "y", in("x"), attr("axis", 1)).output("y").importGraph();
        assertEquals(new Softmax(1), only(current).op());
    }

    @Test
    void clipBoundsAreAttributesBeforeOpset11AndInputsFrom11() {
        Graph old = OnnxModels.opset(10).input("x", 4)
                .node("Clip", "y", in("x"), attr("min", -1.0), attr("max", 6.0)).output("y").importGraph();
        assertEquals(new Clip(-1, 6), only(old).op());
        Graph current = OnnxModels.opset(11).input("x", 4).floats("lo", dims(), 0)
                .node("Clip", "y", in("x", "lo", "")).output("y").importGraph();
        assertEquals(new Clip(0, Double.POSITIVE_INFINITY), only(current).op());
    }

    @Test
    void sliceClampsNegativeAndHugeBounds() {
        Graph g = OnnxModels.opset(13).input("x", 1, 5)
                .ints("starts", dims(1), -3).ints("ends", dims(1), Long.MAX_VALUE).ints("axes", dims(1), 1)
                .node("Slice", "y", in("x", "starts", "ends", "axes")).output("y").importGraph();
        assertEquals(new Slice(List.of(2), List.of(5), List.of(1), List.of(1)), only(g).op());
        Graph old = OnnxModels.opset(9).input("x", 1, 5)
                .node("Slice", "y", in("x"), attrInts("starts", 0), attrInts("ends", -1), attrInts("axes", 1))
                .output("y").importGraph();
        assertEquals(new Slice(List.of(0), List.of(4), List.of(1), List.of(1)), only(old).op());
        Graph reversed = OnnxModels.opset(13).input("x", 1, 5)
                .ints("starts", dims(1), -1).ints("ends", dims(1), Long.MIN_VALUE).ints("axes", dims(1), 1)
                .ints("steps", dims(1), -1)
                .node("Slice", "y", in("x", "starts", "ends", "axes", "steps")).output("y").importGraph();
        assertEquals(new Slice(List.of(4), List.of(-1), List.of(1), List.of(-1)), only(reversed).op());
        assertEquals(Shape.of(1, 5), reversed.typeOf("y").shape());
    }

    @Test
    void padsAreAttributesBeforeOpset11AndInputsFrom11() {
        Graph old = OnnxModels.opset(10).input("x", 1, 2)
                .node("Pad", "y", in("x"), attrInts("pads", 0, 1, 0, 2), attr("value", 3.0)).output("y").importGraph();
        assertEquals(new Pad(List.of(0, 1, 0, 2), Pad.Mode.CONSTANT, 3.0), only(old).op());
        Graph current = OnnxModels.opset(11).input("x", 1, 2).ints("pads", dims(4), 0, 1, 0, 1)
                .node("Pad", "y", in("x", "pads"), attr("mode", "reflect")).output("y").importGraph();
        assertEquals(new Pad(List.of(0, 1, 0, 1), Pad.Mode.REFLECT, 0.0), only(current).op());
    }

    @Test
    void gatherWithConstantNegativeIndicesNormalisesThem() {
        Graph g = OnnxModels.opset(13).input("x", 2, 4).ints("i", dims(2), -1, 0)
                .node("Gather", "y", in("x", "i"), attr("axis", 1)).output("y").importGraph();
        assertEquals(new Gather(1, List.of(3, 0), List.of(2)), only(g).op());
    }

    @Test
    void integerDivisionOfConstantsTruncatesTowardZero() {
        Graph g = OnnxModels.opset(13).input("x", 2)
                .ints("a", dims(2), -7, 7).ints("b", dims(2), 2, 2)
                .node("Div", "q", in("a", "b"))
                .node("Cast", "qf", in("q"), attr("to", TensorProto.DataType.FLOAT_VALUE))
                .node("Add", "y", in("x", "qf")).output("y").importGraph();
        Node add = only(g);
        assertArrayEquals(new double[] {-3, 3}, g.initializers().get(add.inputs().get(1)).toArray());
    }

    @Test
    void anAllConstantModelBecomesAConstantOutput() {
        Graph g = OnnxModels.opset(13).ints("start", dims(), 0).ints("limit", dims(), 10).ints("delta", dims(), 2)
                .node("Range", "y", in("start", "limit", "delta")).output("y").importGraph();
        assertTrue(g.nodes().isEmpty());
        assertEquals(new Tensor(Shape.of(5), new double[] {0, 2, 4, 6, 8}), g.initializers().get("y"));
    }

    @Test
    void nearestUpsampleByWholeFactorsIsAResize() {
        Graph g = OnnxModels.opset(11).input("x", 1, 1, 2, 2)
                .floats("roi", dims(0)).floats("scales", dims(4), 1, 1, 2, 3)
                .node("Resize", "y", in("x", "roi", "scales"), attr("mode", "nearest")).output("y").importGraph();
        assertEquals(new Resize(List.of(1, 1, 4, 6)), only(g).op());
        Graph upsample = OnnxModels.opset(7).input("x", 1, 1, 2, 2)
                .node("Upsample", "y", in("x"), OnnxModels.attrFloats("scales", 1, 1, 2, 2)).output("y").importGraph();
        assertEquals(new Resize(List.of(1, 1, 4, 4)), only(upsample).op());
    }

    @Test
    void initializersListedAsInputsAreParametersNotInputs() {
        Graph g = OnnxModels.opset(9).input("x", 1, 2).input("w", 2, 2).floats("w", dims(2, 2), 1, 0, 0, 1)
                .node("MatMul", "y", in("x", "w")).output("y").importGraph();
        assertEquals(1, g.inputs().size());
        assertTrue(g.initializers().containsKey("w"));
    }

    @Test
    void integerAndBoolInputsKeepTheirElementType() {
        Graph g = OnnxModels.opset(15).typedInput("a", TensorProto.DataType.INT64_VALUE, 1, 3)
                .typedInput("b", TensorProto.DataType.BOOL_VALUE, 1, 3)
                .node("Not", "y", in("b")).output("y").importGraph();
        assertEquals(DType.INT64, g.inputs().get(0).type().dtype());
        assertEquals(DType.BOOL, g.inputs().get(1).type().dtype());
        assertEquals("sub", ops(g));
    }

    @Test
    void anInputWithoutAFloatIntOrBoolTypeIsRefused() {
        OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxModels.opset(13)
                .typedInput("s", TensorProto.DataType.STRING_VALUE, 1).node("Identity", "y", in("s")).output("y").importGraph());
        assertEquals("model.onnx: input 's' has element type STRING, which is not supported", e.getMessage());
    }

    @Test
    void aRunTimeValueWhereAConstantIsNeededIsNamed() {
        OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxModels.opset(13)
                .input("x", 1, 4).typedInput("shape", TensorProto.DataType.INT64_VALUE, 2)
                .node("Reshape", "y", in("x", "shape")).output("y").importGraph());
        assertEquals("model.onnx: node 'Reshape_0' (op Reshape, opset 13): the target shape must be a constant, "
                + "but it is computed at run time", e.getMessage());
    }

    @Test
    void aDomainOtherThanOnnxIsRefused() {
        byte[] bytes = OnnxModels.opset(13).input("x", 2).node("Relu", "y", in("x")).output("y").model().toBuilder()
                .setGraph(OnnxModels.opset(13).input("x", 2).node("Relu", "y", in("x")).output("y").model().getGraph()
                        .toBuilder().setNode(0, OnnxModels.opset(13).node("Relu", "y", in("x")).model().getGraph()
                                .getNode(0).toBuilder().setDomain("com.microsoft")))
                .build().toByteArray();
        OnnxImportException e = assertThrows(OnnxImportException.class,
                () -> new OnnxImporter().importBytes(bytes, "model.onnx"));
        assertTrue(e.getMessage().contains("operators of domain 'com.microsoft' are not supported"), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"));
    }
}
