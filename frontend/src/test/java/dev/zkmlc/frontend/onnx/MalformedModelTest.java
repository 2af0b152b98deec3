package dev.zkmlc.frontend.onnx;

import static dev.zkmlc.frontend.onnx.OnnxModels.attr;
import static dev.zkmlc.frontend.onnx.OnnxModels.attrInts;
import static dev.zkmlc.frontend.onnx.OnnxModels.dims;
import static dev.zkmlc.frontend.onnx.OnnxModels.in;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.ir.Graph;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever bytes arrive, the importer answers with a graph or an {@link OnnxImportException}:
 * never another exception. Mutations of a real model (truncation, flipped bytes) reach the deep
 * paths a random byte string would not.
 */
class MalformedModelTest {
    private static final byte[] MODEL = OnnxModels.opset(13).input("x", -1, 1, 4, 4)
            .floats("w", dims(2, 1, 3, 3), 1, 0, -1, 2, 0, -2, 1, 0, -1, 0.5, 0.5, 0.5, 0, 0, 0, -0.5, -0.5, -0.5)
            .floats("b", dims(2), 0.1, -0.1).ints("shape", dims(2), 1, -1)
            .node("Conv", "c", in("x", "w", "b"), attrInts("pads", 1, 1, 1, 1))
            .node("Relu", "r", in("c"))
            .node("MaxPool", "p", in("r"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2))
            .node("Reshape", "f", in("p", "shape"))
            .node("Softmax", "y", in("f"), attr("axis", -1)).output("y").bytes();

    private static void importOrRefuse(byte[] bytes) {
        try {
            Graph g = new OnnxImporter().importBytes(bytes, "fuzz.onnx");
            if (g.outputs().isEmpty()) {
                throw new AssertionError("a graph without outputs was accepted");
            }
        } catch (OnnxImportException expected) {
            if (expected.getMessage() == null || expected.getMessage().isEmpty()) {
                throw new AssertionError("an import error without a message");
            }
        }
    }

    @Test
    void theUnmutatedModelImports() {
        new OnnxImporter().importBytes(MODEL, "model.onnx");
    }

    @Test
    void everyTruncationIsImportedOrRefusedCleanly() {
        qt().forAll(integers().between(0, MODEL.length)).checkAssert(length ->
                importOrRefuse(java.util.Arrays.copyOf(MODEL, length)));
    }

    @Test
    void flippedBytesAreImportedOrRefusedCleanly() {
        qt().withExamples(400).forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            byte[] bytes = MODEL.clone();
            for (int i = 0, flips = 1 + random.nextInt(4); i < flips; i++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            importOrRefuse(bytes);
        });
    }

    @Test
    void randomBytesAreRefusedCleanly() {
        qt().withExamples(200).forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            importOrRefuse(bytes);
        });
    }
}
