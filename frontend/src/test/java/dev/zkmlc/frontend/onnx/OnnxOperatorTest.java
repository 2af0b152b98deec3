package dev.zkmlc.frontend.onnx;

import static dev.zkmlc.frontend.onnx.OnnxModels.attr;
import static dev.zkmlc.frontend.onnx.OnnxModels.attrFloats;
import static dev.zkmlc.frontend.onnx.OnnxModels.attrInts;
import static dev.zkmlc.frontend.onnx.OnnxModels.dims;
import static dev.zkmlc.frontend.onnx.OnnxModels.in;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zkmlc.frontend.onnx.proto.Onnx.AttributeProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.TensorProto;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.interp.FloatInterpreter;
import dev.zkmlc.ir.op.SpecialFunctions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Every supported ONNX operator, and each opset branch where its semantics change, imported from a
 * small model and evaluated by the float interpreter against values worked out by hand or from
 * the operator's definition.
 */
class OnnxOperatorTest {
    private static final double[] XS = {-2.5, -1, -0.5, 0, 0.5, 1, 2.5};

    /** Imports the model and runs it on the given inputs (in graph input order); returns output "y". */
    private static Tensor run(OnnxModels model, double[]... inputs) {
        Graph g = model.importGraph();
        Map<String, Tensor> feed = new LinkedHashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            Input in = g.inputs().get(i);
            feed.put(in.name(), new Tensor(in.type().shape(), inputs[i]));
        }
        return FloatInterpreter.run(g, feed).get("y");
    }

    private static void assertClose(double[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.toArray(), 1e-6, () -> "got " + actual);
    }

    private static OnnxModels unary(String op, long opset, AttributeProto... attrs) {
        return OnnxModels.opset(opset).input("x", 1, XS.length).node(op, "y", in("x"), attrs).output("y");
    }

    private static void checkUnary(String op, DoubleUnaryOperator f, AttributeProto... attrs) {
        double[] want = new double[XS.length];
        for (int i = 0; i < XS.length; i++) {
            want[i] = f.applyAsDouble(XS[i]);
        }
        assertClose(want, run(unary(op, 13, attrs), XS));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void elementwiseFunctions() {
        checkUnary("Relu", x -> Math.max(0, x));
        checkUnary("Sigmoid", OnnxOperatorTest::sigmoid);
        checkUnary("Tanh", Math::tanh);
        checkUnary("Exp", Math::exp);
        checkUnary("Neg", x -> -x);
        checkUnary("Abs", Math::abs);
        checkUnary("Erf", SpecialFunctions::erf);
        checkUnary("Softplus", x -> Math.log1p(Math.exp(x)));
        checkUnary("Sign", Math::signum);
        checkUnary("Floor", Math::floor);
        checkUnary("Ceil", Math::ceil);
        checkUnary("Round", Math::rint);
        checkUnary("Sin", Math::sin);
        checkUnary("Cos", Math::cos);
        checkUnary("Tan", Math::tan);
        checkUnary("Atan", Math::atan);
        checkUnary("LeakyRelu", x -> x >= 0 ? x : 0.1 * x, attr("alpha", 0.1));
        checkUnary("HardSigmoid", x -> Math.max(0, Math.min(1, 0.2 * x + 0.5)));
        checkUnary("Elu", x -> x > 0 ? x : 2 * (Math.exp(x) - 1), attr("alpha", 2.0));
        checkUnary("Celu", x -> Math.max(0, x) + Math.min(0, 2 * (Math.exp(x / 2) - 1)), attr("alpha", 2.0));
        double a = 1.67326319217681884765625;
        double g = 1.05070102214813232421875;
        checkUnary("Selu", x -> x > 0 ? g * x : g * a * (Math.exp(x) - 1));
        checkUnary("HardSwish", x -> x * Math.max(0, Math.min(1, x / 6 + 0.5)));
        checkUnary("Softsign", x -> x / (1 + Math.abs(x)));
        checkUnary("Mish", x -> x * Math.tanh(Math.log1p(Math.exp(x))));
        checkUnary("ThresholdedRelu", x -> x > 0.5 ? x : 0, attr("alpha", 0.5));
        checkUnary("Identity", x -> x);
    }

    @Test
    void functionsOfPositiveOrBoundedArguments() {
        double[] pos = {0.25, 0.5, 1, 4};
        OnnxModels log = OnnxModels.opset(13).input("x", 4).node("Log", "y", in("x")).output("y");
        assertClose(new double[] {Math.log(0.25), Math.log(0.5), 0, Math.log(4)}, run(log, pos));
        OnnxModels sqrt = OnnxModels.opset(13).input("x", 4).node("Sqrt", "y", in("x")).output("y");
        assertClose(new double[] {0.5, Math.sqrt(0.5), 1, 2}, run(sqrt, pos));
        OnnxModels rec = OnnxModels.opset(13).input("x", 4).node("Reciprocal", "y", in("x")).output("y");
        assertClose(new double[] {4, 2, 1, 0.25}, run(rec, pos));
        double[] unit = {-1, -0.5, 0, 0.5};
        OnnxModels asin = OnnxModels.opset(13).input("x", 4).node("Asin", "y", in("x")).output("y");
        assertClose(new double[] {Math.asin(-1), Math.asin(-0.5), 0, Math.asin(0.5)}, run(asin, unit));
        OnnxModels acos = OnnxModels.opset(13).input("x", 4).node("Acos", "y", in("x")).output("y");
        assertClose(new double[] {Math.PI, Math.acos(-0.5), Math.PI / 2, Math.acos(0.5)}, run(acos, unit));
    }

    @Test
    void geluExactAndTanhForms() {
        OnnxModels exact = OnnxModels.opset(20).input("x", 2).node("Gelu", "y", in("x")).output("y");
        double e1 = 0.5 * (1 + SpecialFunctions.erf(1 / Math.sqrt(2)));
        assertClose(new double[] {0, e1}, run(exact, new double[] {0, 1}));
        OnnxModels tanh = OnnxModels.opset(20).input("x", 2).node("Gelu", "y", in("x"), attr("approximate", "tanh"))
                .output("y");
        double t1 = 0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (1 + 0.044715)));
        assertClose(new double[] {0, t1}, run(tanh, new double[] {0, 1}));
    }

    @Test
    void clipBeforeAndFromOpset11() {
        assertClose(new double[] {-1, -1, -0.5, 0, 0.5, 1, 1},
                run(unary("Clip", 10, attr("min", -1.0), attr("max", 1.0)), XS));
        OnnxModels current = OnnxModels.opset(11).input("x", 1, 7).floats("lo", dims(), -1).floats("hi", dims(), 0.5)
                .node("Clip", "y", in("x", "lo", "hi")).output("y");
        assertClose(new double[] {-1, -1, -0.5, 0, 0.5, 0.5, 0.5}, run(current, XS));
    }

    @Test
    void arithmeticBroadcasts() {
        double[] x = {1, 2, 3, 4, 5, 6};
        String[] ops = {"Add", "Sub", "Mul", "Div"};
        double[][] want = {{11, 22, 33, 14, 25, 36}, {-9, -18, -27, -6, -15, -24}, {10, 40, 90, 40, 100, 180},
                {0.1, 0.1, 0.1, 0.4, 0.25, 0.2}};
        for (int i = 0; i < ops.length; i++) {
            OnnxModels m = OnnxModels.opset(13).input("x", 2, 3).floats("b", dims(3), 10, 20, 30)
                    .node(ops[i], "y", in("x", "b")).output("y");
            assertClose(want[i], run(m, x));
        }
    }

    @Test
    void integerDivisionTruncatesAtRunTime() {
        OnnxModels m = OnnxModels.opset(13).typedInput("x", TensorProto.DataType.INT64_VALUE, 4)
                .ints("d", dims(), 2).node("Div", "q", in("x", "d"))
                .node("Cast", "y", in("q"), attr("to", TensorProto.DataType.FLOAT_VALUE)).output("y");
        assertClose(new double[] {-3, -1, 0, 3}, run(m, new double[] {-7, -2, 1, 7}));
    }

    @Test
    void castsTruncateToIntAndTestForBool() {
        OnnxModels toInt = OnnxModels.opset(13).input("x", 1, 7)
                .node("Cast", "y", in("x"), attr("to", TensorProto.DataType.INT32_VALUE)).output("y");
        assertClose(new double[] {-2, -1, 0, 0, 0, 1, 2}, run(toInt, XS));
        OnnxModels toBool = OnnxModels.opset(13).input("x", 1, 7)
                .node("Cast", "y", in("x"), attr("to", TensorProto.DataType.BOOL_VALUE)).output("y");
        assertClose(new double[] {1, 1, 1, 0, 1, 1, 1}, run(toBool, XS));
    }

    @Test
    void powWithConstantExponentOrConstantBase() {
        OnnxModels square = OnnxModels.opset(13).input("x", 3).floats("e", dims(), 2)
                .node("Pow", "y", in("x", "e")).output("y");
        assertClose(new double[] {4, 0, 9}, run(square, new double[] {-2, 0, 3}));
        OnnxModels exp2 = OnnxModels.opset(13).input("x", 3).floats("b", dims(), 2)
                .node("Pow", "y", in("b", "x")).output("y");
        assertClose(new double[] {0.25, 1, 8}, run(exp2, new double[] {-2, 0, 3}));
    }

    @Test
    void variadicSumMeanMaxMin() {
        String[] ops = {"Sum", "Mean", "Max", "Min"};
        double[][] want = {{6, 0}, {2, 0}, {3, 4}, {1, -4}};
        for (int i = 0; i < ops.length; i++) {
            OnnxModels m = OnnxModels.opset(13).input("a", 2).input("b", 2).input("c", 2)
                    .node(ops[i], "y", in("a", "b", "c")).output("y");
            assertClose(want[i], run(m, new double[] {1, 4}, new double[] {2, -4}, new double[] {3, 0}));
        }
    }

    @Test
    void preluSlopesPerChannel() {
        OnnxModels m = OnnxModels.opset(13).input("x", 1, 2, 2).floats("s", dims(2, 1), 0.5, 2)
                .node("PRelu", "y", in("x", "s")).output("y");
        assertClose(new double[] {-1, 3, -4, 5}, run(m, new double[] {-2, 3, -2, 5}));
    }

    @Test
    void comparisonsAndLogic() {
        double[] a = {1, 2, 3};
        double[] b = {2, 2, 2};
        String[] ops = {"Less", "Greater", "LessOrEqual", "GreaterOrEqual", "Equal"};
        double[][] want = {{1, 0, 0}, {0, 0, 1}, {1, 1, 0}, {0, 1, 1}, {0, 1, 0}};
        for (int i = 0; i < ops.length; i++) {
            OnnxModels m = OnnxModels.opset(13).input("a", 3).input("b", 3).node(ops[i], "c", in("a", "b"))
                    .node("Cast", "y", in("c"), attr("to", TensorProto.DataType.FLOAT_VALUE)).output("y");
            assertClose(want[i], run(m, a, b));
        }
        int bool = TensorProto.DataType.BOOL_VALUE;
        double[] p = {0, 0, 1, 1};
        double[] q = {0, 1, 0, 1};
        String[] logic = {"And", "Or", "Xor"};
        double[][] truth = {{0, 0, 0, 1}, {0, 1, 1, 1}, {0, 1, 1, 0}};
        for (int i = 0; i < logic.length; i++) {
            OnnxModels m = OnnxModels.opset(13).typedInput("p", bool, 4).typedInput("q", bool, 4)
                    .node(logic[i], "y", in("p", "q")).output("y");
            assertClose(truth[i], run(m, p, q));
        }
        OnnxModels not = OnnxModels.opset(13).typedInput("p", bool, 4).node("Not", "y", in("p")).output("y");
        assertClose(new double[] {1, 1, 0, 0}, run(not, p));
    }

    @Test
    void whereWithRunTimeAndConstantConditions() {
        OnnxModels dynamic = OnnxModels.opset(13).input("x", 4).floats("zero", dims(), 0).floats("other", dims(), -1)
                .node("Greater", "c", in("x", "zero")).node("Where", "y", in("c", "x", "other")).output("y");
        assertClose(new double[] {-1, -1, 2, 3}, run(dynamic, new double[] {-2, 0, 2, 3}));
        OnnxModels constant = OnnxModels.opset(13).input("x", 4).floats("other", dims(), 9)
                .graphTensor("c", TensorProto.DataType.BOOL_VALUE, dims(4), 1, 0, 0, 1)
                .node("Where", "y", in("c", "x", "other")).output("y");
        assertClose(new double[] {-2, 9, 9, 3}, run(constant, new double[] {-2, 0, 2, 3}));
    }

    @Test
    void matMulAndGemmWithTransposesAndScales() {
        OnnxModels mm = OnnxModels.opset(13).input("x", 2, 2).floats("w", dims(2, 1), 1, -1)
                .node("MatMul", "y", in("x", "w")).output("y");
        assertClose(new double[] {-1, -1}, run(mm, new double[] {1, 2, 3, 4}));
        OnnxModels gemm = OnnxModels.opset(13).input("a", 2, 2).floats("b", dims(2, 2), 1, 2, 3, 4)
                .floats("c", dims(2), 1, 1)
                .node("Gemm", "y", in("a", "b", "c"), attr("transA", 1), attr("transB", 1), attr("alpha", 2.0),
                        attr("beta", 3.0)).output("y");
        // A^T = [[1, 3], [2, 4]], B^T = [[1, 3], [2, 4]]: A^T B^T = [[7, 15], [10, 22]].
        assertClose(new double[] {17, 33, 23, 47}, run(gemm, new double[] {1, 2, 3, 4}));
    }

    @Test
    void softmaxAndLogSoftmaxPerOpset() {
        double[] x = {1, 2, 3, 4};
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3) + Math.exp(4);
        double[] whole = {Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z, Math.exp(4) / z};
        OnnxModels old = OnnxModels.opset(11).input("x", 1, 2, 2).node("Softmax", "y", in("x"), attr("axis", 1))
                .output("y");
        assertClose(whole, run(old, x));
        double z2 = Math.exp(1) + Math.exp(2);
        double z4 = Math.exp(3) + Math.exp(4);
        OnnxModels current = OnnxModels.opset(13).input("x", 1, 2, 2).node("Softmax", "y", in("x")).output("y");
        assertClose(new double[] {Math.exp(1) / z2, Math.exp(2) / z2, Math.exp(3) / z4, Math.exp(4) / z4},
                run(current, x));
        OnnxModels log = OnnxModels.opset(13).input("x", 1, 4).node("LogSoftmax", "y", in("x")).output("y");
        assertClose(new double[] {1 - Math.log(z), 2 - Math.log(z), 3 - Math.log(z), 4 - Math.log(z)}, run(log, x));
    }

    @Test
    void reductionsWithAxesAsAttributesAndAsInputs() {
        double[] x = {1, -2, 3, -4};
        OnnxModels sum11 = OnnxModels.opset(11).input("x", 2, 2)
                .node("ReduceSum", "y", in("x"), attrInts("axes", 1), attr("keepdims", 0)).output("y");
        assertClose(new double[] {-1, -1}, run(sum11, x));
        OnnxModels sum13 = OnnxModels.opset(13).input("x", 2, 2).ints("axes", dims(1), 0)
                .node("ReduceSum", "y", in("x", "axes")).output("y");
        assertClose(new double[] {4, -6}, run(sum13, x));
        OnnxModels mean18 = OnnxModels.opset(18).input("x", 2, 2).ints("axes", dims(1), 1)
                .node("ReduceMean", "y", in("x", "axes")).output("y");
        assertClose(new double[] {-0.5, -0.5}, run(mean18, x));
        String[] ops = {"ReduceMean", "ReduceMax", "ReduceMin", "ReduceL1", "ReduceL2", "ReduceSumSquare"};
        double[][] want = {{-0.5}, {3}, {-4}, {10}, {Math.sqrt(30)}, {30}};
        for (int i = 0; i < ops.length; i++) {
            OnnxModels m = OnnxModels.opset(13).input("x", 2, 2).node(ops[i], "y", in("x"), attr("keepdims", 0))
                    .output("y");
            assertClose(want[i], run(m, x));
        }
        double[] pos = {1, 2, 3, 4};
        OnnxModels logSum = OnnxModels.opset(13).input("x", 2, 2)
                .node("ReduceLogSum", "y", in("x"), attrInts("axes", 1)).output("y");
        assertClose(new double[] {Math.log(3), Math.log(7)}, run(logSum, pos));
        OnnxModels lse = OnnxModels.opset(13).input("x", 2, 2)
                .node("ReduceLogSumExp", "y", in("x"), attrInts("axes", 1), attr("keepdims", 0)).output("y");
        assertClose(new double[] {Math.log(Math.exp(1) + Math.exp(2)), Math.log(Math.exp(3) + Math.exp(4))},
                run(lse, pos));
    }

    @Test
    void argMaxArgMinAndTopK() {
        double[] x = {3, 1, 3, 0, 5, 2};
        OnnxModels max = OnnxModels.opset(13).input("x", 2, 3).node("ArgMax", "i", in("x"), attr("axis", 1))
                .node("Cast", "y", in("i"), attr("to", TensorProto.DataType.FLOAT_VALUE)).output("y");
        assertClose(new double[] {0, 1}, run(max, x));
        OnnxModels last = OnnxModels.opset(13).input("x", 2, 3)
                .node("ArgMax", "y", in("x"), attr("axis", 1), attr("select_last_index", 1)).output("y");
        assertClose(new double[] {2, 1}, run(last, x));
        OnnxModels min = OnnxModels.opset(13).input("x", 2, 3)
                .node("ArgMin", "y", in("x"), attr("axis", 1), attr("keepdims", 0)).output("y");
        assertClose(new double[] {1, 0}, run(min, x));
        OnnxModels top = OnnxModels.opset(13).input("x", 2, 3).ints("k", dims(1), 2)
                .node("TopK", in("x", "k"), new String[] {"y", "i"}).output("y").output("i");
        assertClose(new double[] {3, 3, 5, 2}, run(top, x));
        OnnxModels bottom = OnnxModels.opset(13).input("x", 2, 3).ints("k", dims(1), 2)
                .node("TopK", in("x", "k"), new String[] {"v", "y"}, attr("largest", 0)).output("y");
        assertClose(new double[] {1, 0, 0, 2}, run(bottom, x));
    }

    @Test
    void reshapeFlattenTransposeSqueezeUnsqueeze() {
        double[] x = {1, 2, 3, 4, 5, 6};
        OnnxModels reshape = OnnxModels.opset(13).input("x", 1, 2, 3).ints("s", dims(3), 0, -1, 2)
                .node("Reshape", "r", in("x", "s")).node("Transpose", "y", in("r"), attrInts("perm", 0, 2, 1))
                .output("y");
        assertClose(new double[] {1, 3, 5, 2, 4, 6}, run(reshape, x));
        OnnxModels defaultPerm = OnnxModels.opset(13).input("x", 3, 2).node("Transpose", "y", in("x")).output("y");
        assertClose(new double[] {1, 3, 5, 2, 4, 6}, run(defaultPerm, x));
        Graph flat = OnnxModels.opset(13).input("x", 1, 2, 3).node("Flatten", "y", in("x"), attr("axis", 2))
                .output("y").importGraph();
        assertEquals(Shape.of(2, 3), flat.typeOf("y").shape());
        Graph un11 = OnnxModels.opset(11).input("x", 2, 3).node("Unsqueeze", "y", in("x"), attrInts("axes", 0, 3))
                .output("y").importGraph();
        assertEquals(Shape.of(1, 2, 3, 1), un11.typeOf("y").shape());
        Graph un13 = OnnxModels.opset(13).input("x", 2, 3).ints("axes", dims(1), -1)
                .node("Unsqueeze", "y", in("x", "axes")).output("y").importGraph();
        assertEquals(Shape.of(2, 3, 1), un13.typeOf("y").shape());
        Graph squeezeAll = OnnxModels.opset(13).input("x", 1, 3, 1).node("Squeeze", "y", in("x")).output("y")
                .importGraph();
        assertEquals(Shape.of(3), squeezeAll.typeOf("y").shape());
    }

    @Test
    void concatSplitSliceAndSteps() {
        OnnxModels concat = OnnxModels.opset(13).input("a", 1, 2).floats("b", dims(1, 1), 9)
                .node("Concat", "y", in("a", "b"), attr("axis", -1)).output("y");
        assertClose(new double[] {1, 2, 9}, run(concat, new double[] {1, 2}));
        double[] x = {1, 2, 3, 4, 5};
        OnnxModels split11 = OnnxModels.opset(11).input("x", 5)
                .node("Split", in("x"), new String[] {"a", "y"}, attrInts("split", 2, 3)).output("y");
        assertClose(new double[] {3, 4, 5}, run(split11, x));
        OnnxModels split13 = OnnxModels.opset(13).input("x", 5).ints("s", dims(2), 4, 1)
                .node("Split", in("x", "s"), new String[] {"y", "b"}).output("y");
        assertClose(new double[] {1, 2, 3, 4}, run(split13, x));
        OnnxModels equal = OnnxModels.opset(18).input("x", 5)
                .node("Split", in("x"), new String[] {"a", "y"}, attr("num_outputs", 2)).output("y");
        assertClose(new double[] {4, 5}, run(equal, x));
        OnnxModels stepped = OnnxModels.opset(13).input("x", 5).ints("st", dims(1), 4).ints("en", dims(1), 0)
                .ints("ax", dims(1), 0).ints("sp", dims(1), -2)
                .node("Slice", "y", in("x", "st", "en", "ax", "sp")).output("y");
        assertClose(new double[] {5, 3}, run(stepped, x));
    }

    @Test
    void gatherWithConstantAndRunTimeIndices() {
        double[] x = {1, 2, 3, 4, 5, 6};
        OnnxModels constant = OnnxModels.opset(13).input("x", 2, 3).ints("i", dims(2), 2, -3)
                .node("Gather", "y", in("x", "i"), attr("axis", 1)).output("y");
        assertClose(new double[] {3, 1, 6, 4}, run(constant, x));
        OnnxModels rows = OnnxModels.opset(13).input("i", 2).floats("t", dims(3, 2), 1, 2, 3, 4, 5, 6)
                .node("Cast", "k", in("i"), attr("to", TensorProto.DataType.INT64_VALUE))
                .node("Gather", "y", in("t", "k")).output("y");
        assertClose(new double[] {5, 6, 1, 2}, run(rows, new double[] {2, 0}));
        OnnxModels columns = OnnxModels.opset(13).input("x", 2, 3).typedInput("i", TensorProto.DataType.INT64_VALUE, 1)
                .node("Gather", "y", in("x", "i"), attr("axis", 1)).output("y");
        assertClose(new double[] {3, 6}, run(columns, x, new double[] {-1}));
        OnnxModels elements = OnnxModels.opset(13).input("x", 2, 3)
                .typedInput("i", TensorProto.DataType.INT64_VALUE, 2, 2)
                .node("GatherElements", "y", in("x", "i"), attr("axis", 1)).output("y");
        assertClose(new double[] {3, 1, 5, 5}, run(elements, x, new double[] {2, 0, 1, 1}));
    }

    @Test
    void gatherNdAndScattersWithRunTimeIndices() {
        double[] x = {1, 2, 3, 4, 5, 6};
        int int64 = TensorProto.DataType.INT64_VALUE;
        OnnxModels gatherNd = OnnxModels.opset(13).input("x", 2, 3).typedInput("i", int64, 2, 2)
                .node("GatherND", "y", in("x", "i")).output("y");
        assertClose(new double[] {6, 2}, run(gatherNd, x, new double[] {1, 2, 0, -2}));
        OnnxModels rowsNd = OnnxModels.opset(13).input("x", 2, 3).typedInput("i", int64, 1, 1)
                .node("GatherND", "y", in("x", "i")).output("y");
        assertClose(new double[] {4, 5, 6}, run(rowsNd, x, new double[] {1}));
        OnnxModels scatterNd = OnnxModels.opset(13).input("x", 2, 3).typedInput("i", int64, 1, 1).input("u", 1, 3)
                .node("ScatterND", "y", in("x", "i", "u")).output("y");
        assertClose(new double[] {1, 2, 3, 7, 8, 9}, run(scatterNd, x, new double[] {1}, new double[] {7, 8, 9}));
        OnnxModels scatterElements = OnnxModels.opset(13).input("x", 2, 3).typedInput("i", int64, 1, 2)
                .input("u", 1, 2).node("ScatterElements", "y", in("x", "i", "u"), attr("axis", 1)).output("y");
        assertClose(new double[] {1, -2, -1, 4, 5, 6},
                run(scatterElements, x, new double[] {2, 1}, new double[] {-1, -2}));
    }

    @Test
    void expandTileConstantOfShapeRangeEyeLikeTrilu() {
        OnnxModels expand = OnnxModels.opset(13).input("x", 2, 1).ints("s", dims(2), 2, 3)
                .node("Expand", "y", in("x", "s")).output("y");
        assertClose(new double[] {1, 1, 1, 2, 2, 2}, run(expand, new double[] {1, 2}));
        OnnxModels tile = OnnxModels.opset(13).input("x", 1, 2).ints("r", dims(2), 2, 2)
                .node("Tile", "y", in("x", "r")).output("y");
        assertClose(new double[] {1, 2, 1, 2, 1, 2, 1, 2}, run(tile, new double[] {1, 2}));
        OnnxModels fill = OnnxModels.opset(13).input("x", 2).ints("s", dims(1), 2)
                .node("ConstantOfShape", "c", in("s"), attr("value", OnnxModels.floatTensor("v", dims(1), 3)))
                .node("Range", "r", in("zero", "two", "one"))
                .ints("zero", dims(), 0).ints("two", dims(), 2).ints("one", dims(), 1)
                .node("Cast", "rf", in("r"), attr("to", TensorProto.DataType.FLOAT_VALUE))
                .node("Add", "s1", in("x", "c")).node("Add", "y", in("s1", "rf")).output("y");
        assertClose(new double[] {4, 5}, run(fill, new double[] {1, 1}));
        OnnxModels eye = OnnxModels.opset(13).input("x", 2, 2).node("EyeLike", "e", in("x"), attr("k", 1))
                .node("Add", "y", in("x", "e")).output("y");
        assertClose(new double[] {0, 1, 0, 0}, run(eye, new double[] {0, 0, 0, 0}));
        double[] m = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        OnnxModels upper = OnnxModels.opset(14).input("x", 3, 3).node("Trilu", "y", in("x")).output("y");
        assertClose(new double[] {1, 2, 3, 0, 5, 6, 0, 0, 9}, run(upper, m));
        OnnxModels lower = OnnxModels.opset(14).input("x", 3, 3).ints("k", dims(), -1)
                .node("Trilu", "y", in("x", "k"), attr("upper", 0)).output("y");
        assertClose(new double[] {0, 0, 0, 4, 0, 0, 7, 8, 0}, run(lower, m));
    }

    @Test
    void nonZeroOfAConstantFolds() {
        OnnxModels m = OnnxModels.opset(13).input("x", 2, 2).floats("c", dims(2, 2), 0, 3, 4, 0)
                .node("NonZero", "nz", in("c"))
                .node("Cast", "f", in("nz"), attr("to", TensorProto.DataType.FLOAT_VALUE))
                .node("Add", "y", in("x", "f")).output("y");
        // Non-zero at (0, 1) and (1, 0): rows of coordinates [[0, 1], [1, 0]].
        assertClose(new double[] {0, 1, 1, 0}, run(m, new double[] {0, 0, 0, 0}));
    }

    @Test
    void oneHotOfRunTimeIndices() {
        OnnxModels m = OnnxModels.opset(11).typedInput("i", TensorProto.DataType.INT64_VALUE, 2)
                .ints("depth", dims(), 3).floats("values", dims(2), -1, 5)
                .node("OneHot", "y", in("i", "depth", "values")).output("y");
        assertClose(new double[] {-1, 5, -1, 5, -1, -1}, run(m, new double[] {1, 0}));
    }

    @Test
    void convolutionWithPaddingStridesGroupsAndAutoPad() {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        OnnxModels conv = OnnxModels.opset(13).input("x", 1, 1, 3, 3).floats("w", dims(1, 1, 2, 2), 1, 0, 0, 1)
                .floats("b", dims(1), 10)
                .node("Conv", "y", in("x", "w", "b"), attrInts("pads", 1, 1, 0, 0), attrInts("strides", 2, 2))
                .output("y");
        // Padded top-left by one: windows at (-1,-1), (-1,1), (1,-1), (1,1) add their diagonals.
        assertClose(new double[] {11, 13, 17, 24}, run(conv, x));
        OnnxModels same = OnnxModels.opset(13).input("x", 1, 1, 3, 3).floats("w", dims(1, 1, 2, 2), 1, 1, 1, 1)
                .node("Conv", "y", in("x", "w"), attr("auto_pad", "SAME_UPPER")).output("y");
        assertClose(new double[] {12, 16, 9, 24, 28, 15, 15, 17, 9}, run(same, x));
        OnnxModels grouped = OnnxModels.opset(13).input("x", 1, 2, 1, 1).floats("w", dims(2, 1, 1, 1), 2, 3)
                .node("Conv", "y", in("x", "w"), attr("group", 2)).output("y");
        assertClose(new double[] {2, 6}, run(grouped, new double[] {1, 2}));
    }

    @Test
    void transposedConvolutionWithOutputShape() {
        OnnxModels m = OnnxModels.opset(13).input("x", 1, 1, 2).floats("w", dims(1, 1, 2), 1, 1)
                .node("ConvTranspose", "y", in("x", "w"), attrInts("strides", 2)).output("y");
        assertClose(new double[] {1, 1, 2, 2}, run(m, new double[] {1, 2}));
        OnnxModels shaped = OnnxModels.opset(13).input("x", 1, 1, 2).floats("w", dims(1, 1, 2), 1, 1)
                .node("ConvTranspose", "y", in("x", "w"), attrInts("strides", 2), attrInts("output_shape", 3))
                .output("y");
        // The full output [1, 1, 2, 2] is one too long; without auto_pad the extra pad goes first.
        assertClose(new double[] {1, 2, 2}, run(shaped, new double[] {1, 2}));
    }

    @Test
    void poolingWindowsCeilModeAndPadding() {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        OnnxModels max = OnnxModels.opset(13).input("x", 1, 1, 3, 3)
                .node("MaxPool", "y", in("x"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2),
                        attr("ceil_mode", 1)).output("y");
        assertClose(new double[] {5, 6, 8, 9}, run(max, x));
        OnnxModels avg = OnnxModels.opset(13).input("x", 1, 1, 3, 3)
                .node("AveragePool", "y", in("x"), attrInts("kernel_shape", 2, 2), attrInts("pads", 1, 1, 0, 0))
                .output("y");
        assertClose(new double[] {1, 1.5, 2.5, 2.5, 3, 4, 5.5, 6, 7}, run(avg, x));
        OnnxModels avgPad = OnnxModels.opset(13).input("x", 1, 1, 3, 3)
                .node("AveragePool", "y", in("x"), attrInts("kernel_shape", 2, 2), attrInts("pads", 1, 1, 0, 0),
                        attr("count_include_pad", 1)).output("y");
        assertClose(new double[] {0.25, 0.75, 1.25, 1.25, 3, 4, 2.75, 6, 7}, run(avgPad, x));
        OnnxModels gavg = OnnxModels.opset(13).input("x", 1, 1, 3, 3).node("GlobalAveragePool", "y", in("x"))
                .output("y");
        assertClose(new double[] {5}, run(gavg, x));
        OnnxModels gmax = OnnxModels.opset(13).input("x", 1, 1, 3, 3).node("GlobalMaxPool", "y", in("x"))
                .output("y");
        assertClose(new double[] {9}, run(gmax, x));
    }

    @Test
    void foldedBatchNormalizationComputesWhatTheUnfoldedOneDoes() {
        double[] x = {0.5, -1, 2, 3, 1, -2, 0.25, 4};
        OnnxModels folded = convBn(false);
        OnnxModels unfolded = convBn(true);
        assertEquals(1, folded.importGraph().nodes().size());
        assertEquals(2, unfolded.importGraph().nodes().size());
        assertClose(run(unfolded, x).toArray(), run(folded, x));
        OnnxModels gemmBn = OnnxModels.opset(13).input("x", 1, 2).floats("w", dims(2, 2), 1, 2, 3, 4)
                .floats("c", dims(2), 0.5, -0.5).floats("s", dims(2), 2, 3).floats("b", dims(2), 1, 0)
                .floats("m", dims(2), 1, 2).floats("v", dims(2), 4, 9)
                .node("Gemm", "g", in("x", "w", "c"), attr("transB", 1), attr("beta", 2.0))
                .node("BatchNormalization", "y", in("g", "s", "b", "m", "v"), attr("epsilon", 0.0)).output("y");
        // g = [1 + 2*2 + 1, 3 + 4*2 - 1] = [6, 10]; y = (g - m) / sqrt(v) * s + b = [6, 8].
        assertEquals(1, gemmBn.importGraph().nodes().size());
        assertClose(new double[] {6, 8}, run(gemmBn, new double[] {1, 2}));
    }

    /** Conv then BatchNormalization; with {@code exposeConv} the conv output is also a graph output, so it cannot fold. */
    private static OnnxModels convBn(boolean exposeConv) {
        OnnxModels m = OnnxModels.opset(13).input("x", 1, 2, 2, 2)
                .floats("w", dims(2, 2, 1, 1), 1, -1, 0.5, 2).floats("b", dims(2), 0.1, -0.2)
                .floats("s", dims(2), 1.5, 0.5).floats("sh", dims(2), 0, 1).floats("m", dims(2), 0.2, -0.1)
                .floats("v", dims(2), 2, 0.5)
                .node("Conv", "c", in("x", "w", "b"))
                .node("BatchNormalization", "y", in("c", "s", "sh", "m", "v"), attr("epsilon", 1e-3)).output("y");
        return exposeConv ? m.output("c") : m;
    }

    @Test
    void instanceAndLayerNormalisation() {
        double[] x = {1, 3, 2, 6};
        OnnxModels instance = OnnxModels.opset(13).input("x", 1, 2, 2).floats("s", dims(2), 1, 2)
                .floats("b", dims(2), 0, 1)
                .node("InstanceNormalization", "y", in("x", "s", "b"), attr("epsilon", 0.0)).output("y");
        assertClose(new double[] {-1, 1, -1, 3}, run(instance, x));
        OnnxModels layer = OnnxModels.opset(17).input("x", 2, 2).floats("g", dims(2), 1, 2).floats("b", dims(2), 0, 1)
                .node("LayerNormalization", "y", in("x", "g", "b"), attr("epsilon", 0.0)).output("y");
        assertClose(new double[] {-1, 3, -1, 3}, run(layer, x));
    }

    @Test
    void padModesBeforeAndFromOpset11() {
        double[] x = {1, 2, 3};
        OnnxModels constant = OnnxModels.opset(10).input("x", 1, 3)
                .node("Pad", "y", in("x"), attrInts("pads", 0, 1, 0, 2), attr("value", -1.0)).output("y");
        assertClose(new double[] {-1, 1, 2, 3, -1, -1}, run(constant, x));
        OnnxModels reflect = OnnxModels.opset(11).input("x", 1, 3).ints("p", dims(4), 0, 2, 0, 1)
                .node("Pad", "y", in("x", "p"), attr("mode", "reflect")).output("y");
        assertClose(new double[] {3, 2, 1, 2, 3, 2}, run(reflect, x));
        OnnxModels edge = OnnxModels.opset(18).input("x", 1, 3).ints("p", dims(2), 1, 1).ints("a", dims(1), 1)
                .node("Pad", "y", in("x", "p", "", "a"), attr("mode", "edge")).output("y");
        assertClose(new double[] {1, 1, 2, 3, 3}, run(edge, x));
        OnnxModels crop = OnnxModels.opset(13).input("x", 1, 3).ints("p", dims(4), 0, -1, 0, 2)
                .node("Pad", "y", in("x", "p")).output("y");
        assertClose(new double[] {2, 3, 0, 0}, run(crop, x));
    }

    @Test
    void nearestResizeModes() {
        double[] x = {1, 2, 3};
        OnnxModels halfPixel = OnnxModels.opset(13).input("x", 1, 3).floats("roi", dims(0))
                .floats("sc", dims(2), 1, 2).node("Resize", "y", in("x", "roi", "sc")).output("y");
        assertClose(new double[] {1, 1, 2, 2, 3, 3}, run(halfPixel, x));
        OnnxModels sizes = OnnxModels.opset(13).input("x", 1, 3).floats("roi", dims(0)).floats("sc", dims(0))
                .ints("sz", dims(2), 1, 5)
                .node("Resize", "y", in("x", "roi", "sc", "sz"), attr("coordinate_transformation_mode", "align_corners"))
                .output("y");
        // align_corners maps 0..4 onto 0, 0.5, 1, 1.5, 2; round_prefer_floor takes 0, 0, 1, 1, 2.
        assertClose(new double[] {1, 1, 2, 2, 3}, run(sizes, x));
        OnnxModels resize10 = OnnxModels.opset(10).input("x", 1, 3).floats("sc", dims(2), 1, 2)
                .node("Resize", "y", in("x", "sc")).output("y");
        assertClose(new double[] {1, 1, 2, 2, 3, 3}, run(resize10, x));
        OnnxModels upsample9 = OnnxModels.opset(9).input("x", 1, 3).floats("sc", dims(2), 1, 2)
                .node("Upsample", "y", in("x", "sc")).output("y");
        assertClose(new double[] {1, 1, 2, 2, 3, 3}, run(upsample9, x));
        OnnxModels upsample7 = OnnxModels.opset(7).input("x", 1, 3)
                .node("Upsample", "y", in("x"), attrFloats("scales", 1, 2)).output("y");
        assertClose(new double[] {1, 1, 2, 2, 3, 3}, run(upsample7, x));
    }

    @Test
    void constantNodeForms() {
        OnnxModels m = OnnxModels.opset(13).input("x", 2)
                .node("Constant", "a", in(), attr("value", OnnxModels.floatTensor("t", dims(2), 1, 2)))
                .node("Constant", "b", in(), attr("value_float", 0.5))
                .node("Constant", "c", in(), attrFloats("value_floats", 10, 20))
                .node("Add", "s1", in("x", "a")).node("Add", "s2", in("s1", "b")).node("Add", "y", in("s2", "c"))
                .output("y");
        assertClose(new double[] {11.5, 22.5}, run(m, new double[] {0, 0}));
    }

    // ---- recurrent layers, against step-by-step references with one hidden unit ----

    @Test
    void rnnUnrollsOverTheSequence() {
        // x: [seq 2, batch 1, input 1]; h_t = tanh(w x_t + r h_{t-1} + wb + rb).
        OnnxModels m = OnnxModels.opset(14).input("x", 2, 1, 1)
                .floats("w", dims(1, 1, 1), 0.5).floats("r", dims(1, 1, 1), -1).floats("b", dims(1, 2), 0.1, 0.2)
                .node("RNN", in("x", "w", "r", "b"), new String[] {"y", "h"}, attr("hidden_size", 1)).output("y");
        double h1 = Math.tanh(0.5 * 1 + 0.3);
        double h2 = Math.tanh(0.5 * 2 - h1 + 0.3);
        assertClose(new double[] {h1, h2}, run(m, new double[] {1, 2}));
        OnnxModels reverse = OnnxModels.opset(14).input("x", 2, 1, 1)
                .floats("w", dims(1, 1, 1), 0.5).floats("r", dims(1, 1, 1), -1).floats("b", dims(1, 2), 0.1, 0.2)
                .node("RNN", in("x", "w", "r", "b"), new String[] {"s", "y"}, attr("hidden_size", 1),
                        attr("direction", "reverse")).output("y");
        double g1 = Math.tanh(0.5 * 2 + 0.3);
        double g2 = Math.tanh(0.5 * 1 - g1 + 0.3);
        assertClose(new double[] {g2}, run(reverse, new double[] {1, 2}));
    }

    @Test
    void bidirectionalBatchFirstRnnStacksBothDirections() {
        // layout 1: x is [batch 1, seq 2, input 1]; Y is [batch, seq, directions, hidden].
        OnnxModels m = OnnxModels.opset(14).input("x", 1, 2, 1)
                .floats("w", dims(2, 1, 1), 0.5, 1).floats("r", dims(2, 1, 1), -1, 0.5)
                .node("RNN", in("x", "w", "r"), new String[] {"y"}, attr("hidden_size", 1),
                        attr("direction", "bidirectional"), attr("layout", 1)).output("y");
        double f1 = Math.tanh(0.5 * 1);
        double f2 = Math.tanh(0.5 * 2 - f1);
        double b2 = Math.tanh(2);
        double b1 = Math.tanh(1 + 0.5 * b2);
        Tensor y = run(m, new double[] {1, 2});
        assertEquals(Shape.of(1, 2, 2, 1), y.shape());
        assertClose(new double[] {f1, b1, f2, b2}, y);
    }

    @Test
    void gruUnrollsWithBothResetOrders() {
        for (int lbr = 0; lbr <= 1; lbr++) {
            OnnxModels m = OnnxModels.opset(14).input("x", 2, 1, 1)
                    .floats("w", dims(1, 3, 1), 0.5, -0.5, 1).floats("r", dims(1, 3, 1), 0.3, 0.2, -0.7)
                    .floats("b", dims(1, 6), 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
                    .node("GRU", in("x", "w", "r", "b"), new String[] {"y"}, attr("hidden_size", 1),
                            attr("linear_before_reset", lbr)).output("y");
            double[] xs = {1, -2};
            double[] want = new double[2];
            double h = 0;
            for (int t = 0; t < 2; t++) {
                double z = sigmoid(0.5 * xs[t] + 0.3 * h + 0.1 + 0.4);
                double r = sigmoid(-0.5 * xs[t] + 0.2 * h + 0.2 + 0.5);
                double cand = lbr == 1 ? Math.tanh(xs[t] + 0.3 + r * (-0.7 * h + 0.6))
                        : Math.tanh(xs[t] + 0.3 + (-0.7 * (r * h)) + 0.6);
                h = (1 - z) * cand + z * h;
                want[t] = h;
            }
            assertClose(want, run(m, xs));
        }
    }

    @Test
    void lstmUnrollsWithInitialStatesAndAllOutputs() {
        OnnxModels m = OnnxModels.opset(14).input("x", 2, 1, 1)
                .floats("w", dims(1, 4, 1), 0.5, -0.5, 1, 0.25).floats("r", dims(1, 4, 1), 0.3, 0.2, -0.7, 0.1)
                .floats("b", dims(1, 8), 0.1, 0.2, 0.3, 0.4, 0, 0, 0, 0.1)
                .floats("h0", dims(1, 1, 1), 0.5).floats("c0", dims(1, 1, 1), -0.5)
                .node("LSTM", in("x", "w", "r", "b", "", "h0", "c0"), new String[] {"ys", "yh", "y"},
                        attr("hidden_size", 1)).output("y");
        double[] xs = {1, -2};
        double h = 0.5;
        double c = -0.5;
        for (int t = 0; t < 2; t++) {
            double i = sigmoid(0.5 * xs[t] + 0.3 * h + 0.1);
            double o = sigmoid(-0.5 * xs[t] + 0.2 * h + 0.2);
            double f = sigmoid(xs[t] - 0.7 * h + 0.3);
            double g = Math.tanh(0.25 * xs[t] + 0.1 * h + 0.5);
            c = f * c + i * g;
            h = o * Math.tanh(c);
        }
        assertClose(new double[] {c}, run(m, xs));
    }
}
