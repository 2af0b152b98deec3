package dev.zkmlc.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.zkmlc.frontend.onnx.proto.Onnx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ONNX models of the integration tests (src/it), written with the project's own protobuf classes. The
 * committed bytes must be what this code makes; {@code -Dzkmlc.regenerate=true} rewrites them.
 */
class SampleModelsTest {
    /** y = relu(x·W + b) with x of shape [1, 4]: a Gemm and a Relu, opset 13. */
    static byte[] tinyOnnx() {
        Onnx.GraphProto graph = Onnx.GraphProto.newBuilder()
                .setName("tiny")
                .addInput(floatValue("x", 1, 4))
                .addOutput(floatValue("y", 1, 2))
                .addInitializer(floatTensor("W", List.of(4L, 2L), 0.5f, -0.25f, 0.125f, 0.75f, -0.5f, 0.25f, 1.0f, -0.125f))
                .addInitializer(floatTensor("B", List.of(2L), 0.0625f, -0.0625f))
                .addNode(node("Gemm_0", "Gemm", List.of("x", "W", "B"), "h"))
                .addNode(node("Relu_1", "Relu", List.of("h"), "y"))
                .build();
        return model(graph);
    }

    /** x of shape [1, 4] through Hardmax, an ONNX operator zkmlc does not support. */
    static byte[] unsupportedOnnx() {
        Onnx.GraphProto graph = Onnx.GraphProto.newBuilder()
                .setName("unsupported")
                .addInput(floatValue("x", 1, 4))
                .addOutput(floatValue("y", 1, 4))
                .addNode(node("Hardmax_0", "Hardmax", List.of("x"), "y"))
                .build();
        return model(graph);
    }

    @Test
    void committedModelsAreTheGeneratedOnes() throws IOException {
        check(Path.of("src/it/onnx-and-zk/src/main/onnx/tinyonnx.onnx"), tinyOnnx());
        check(Path.of("src/it/unsupported-onnx/src/main/onnx/unsupported.onnx"), unsupportedOnnx());
    }

    private static void check(Path file, byte[] expected) throws IOException {
        if (Boolean.getBoolean("zkmlc.regenerate")) {
            Files.write(file, expected);
        }
        assertArrayEquals(expected, Files.readAllBytes(file), file + " differs from the generated model");
    }

    private static byte[] model(Onnx.GraphProto graph) {
        return Onnx.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("zkmlc-maven-plugin tests")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    private static Onnx.NodeProto node(String name, String op, List<String> inputs, String output) {
        return Onnx.NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(inputs).addOutput(output).build();
    }

    private static Onnx.ValueInfoProto floatValue(String name, long... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(Onnx.TypeProto.newBuilder().setTensorType(
                        Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
                .build();
    }

    private static Onnx.TensorProto floatTensor(String name, List<Long> dims, float... values) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).addAllDims(dims)
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE);
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }
}
