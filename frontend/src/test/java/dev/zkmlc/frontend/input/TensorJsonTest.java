package dev.zkmlc.frontend.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zkmlc.ir.DType;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.TensorType;
import dev.zkmlc.ir.Visibility;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorJsonTest {
    private static final List<Input> TWO_INPUTS = List.of(
            new Input("x", new TensorType(DType.FLOAT, Shape.of(1, 2, 2)), Visibility.PRIVATE),
            new Input("flag", new TensorType(DType.BOOL, Shape.of(1, 3)), Visibility.PRIVATE));

    @Test
    void readsEzklInputDataInGraphInputOrder() {
        String json = "{\"input_data\": [[0.5, 1, 2, 3], [[true, false, true]]], \"input_shapes\": [[2, 2], [3]]}";
        Map<String, Tensor> in = TensorJson.readInputs(json, "input.json", TWO_INPUTS);
        assertEquals(List.of("x", "flag"), List.copyOf(in.keySet()));
        assertEquals(new Tensor(Shape.of(1, 2, 2), new double[] {0.5, 1, 2, 3}), in.get("x"));
        assertArrayEquals(new double[] {1, 0, 1}, in.get("flag").toArray());
    }

    @Test
    void readsZkmlcNamedInputs() {
        String json = "{\"inputs\": {\"flag\": {\"dims\": [1, 3], \"data\": [0, 1, 0]},"
                + " \"x\": {\"dims\": [1, 2, 2], \"data\": [[1, 2], [3, 4]]}}}";
        Map<String, Tensor> in = TensorJson.readInputs(json, "in.json", TWO_INPUTS);
        assertEquals(List.of("x", "flag"), List.copyOf(in.keySet()));
        assertArrayEquals(new double[] {1, 2, 3, 4}, in.get("x").toArray());
    }

    @Test
    void wrongSizesAndShapesNameTheFileAndTheInput() {
        InputFormatException short1 = assertThrows(InputFormatException.class,
                () -> TensorJson.readInputs("{\"input_data\": [[1, 2, 3], [1, 1, 1]]}", "input.json", TWO_INPUTS));
        assertEquals("input.json: input_data[0] holds 3 values, input 'x' of shape [1, 2, 2] needs 4",
                short1.getMessage());
        InputFormatException count = assertThrows(InputFormatException.class,
                () -> TensorJson.readInputs("{\"input_data\": [[1, 2, 3, 4]]}", "input.json", TWO_INPUTS));
        assertEquals("input.json: \"input_data\" holds 1 arrays, the model has 2 inputs", count.getMessage());
        InputFormatException missing = assertThrows(InputFormatException.class,
                () -> TensorJson.readInputs("{\"inputs\": {\"x\": {\"data\": [1, 2, 3, 4]}}}", "in.json", TWO_INPUTS));
        assertEquals("in.json: no value for input 'flag'", missing.getMessage());
        InputFormatException text = assertThrows(InputFormatException.class,
                () -> TensorJson.readInputs("{\"input_data\": [[\"a\"]]}", "input.json", TWO_INPUTS));
        assertEquals("input.json: input_data[0] holds \"a\", which is not a number", text.getMessage());
    }

    @Test
    void malformedJsonGivesLineAndColumn() {
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> TensorJson.readInputs("{\"input_data\": [[1,]", "input.json", TWO_INPUTS));
        assertEquals(true, e.getMessage().startsWith("input.json: not valid JSON (line 1"), e.getMessage());
    }

    @Test
    void outputsRoundTripThroughTheExpectedJsonShape(@TempDir Path dir) throws IOException {
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        outputs.put("y", new Tensor(Shape.of(1, 2), new double[] {0.25, -3}));
        outputs.put("z", Tensor.scalar(7));
        Path file = dir.resolve("out.json");
        Files.writeString(file, TensorJson.writeOutputs(outputs));
        assertEquals(outputs, TensorJson.readOutputs(file));
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path file = dir.resolve("nope.json");
        InputFormatException e = assertThrows(InputFormatException.class, () -> TensorJson.readOutputs(file));
        assertEquals(file + ": no such file", e.getMessage());
    }
}
