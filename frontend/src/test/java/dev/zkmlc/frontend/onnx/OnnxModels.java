package dev.zkmlc.frontend.onnx;

import com.google.protobuf.ByteString;
import dev.zkmlc.frontend.onnx.proto.Onnx.AttributeProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.GraphProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.ModelProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.NodeProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.OperatorSetIdProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.TensorProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.TensorShapeProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.TypeProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.ValueInfoProto;
import dev.zkmlc.ir.Graph;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds small ONNX models with the generated protobuf builders, as an exporter would write them. */
final class OnnxModels {
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");
    private final long opset;
    private int nodeCount;

    private OnnxModels(long opset) {
        this.opset = opset;
    }

    static OnnxModels opset(long opset) {
        return new OnnxModels(opset);
    }

    /** A float input; a negative extent stands for a symbolic one ("batch_size"). */
    OnnxModels input(String name, long... dims) {
        return typedInput(name, TensorProto.DataType.FLOAT_VALUE, dims);
    }

    OnnxModels typedInput(String name, int elemType, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch_size")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        graph.addInput(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))));
        return this;
    }

    OnnxModels output(String name) {
        graph.addOutput(ValueInfoProto.newBuilder().setName(name));
        return this;
    }

    /** A float initializer, stored as raw little-endian bytes like PyTorch writes them. */
    OnnxModels floats(String name, long[] dims, double... values) {
        graph.addInitializer(floatTensor(name, dims, values));
        return this;
    }

    /** An int64 initializer in the typed int64_data field. */
    OnnxModels ints(String name, long[] dims, long... values) {
        graph.addInitializer(intTensor(name, dims, values));
        return this;
    }

    /** An initializer of any integer or bool type, in the typed int32_data field. */
    OnnxModels graphTensor(String name, int dataType, long[] dims, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(dataType);
        for (long d : dims) {
            t.addDims(d);
        }
        for (long v : values) {
            t.addInt32Data((int) v);
        }
        graph.addInitializer(t);
        return this;
    }

    OnnxModels node(String opType, String[] inputs, String[] outputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(opType + "_" + nodeCount++);
        for (String in : inputs) {
            n.addInput(in);
        }
        for (String out : outputs) {
            n.addOutput(out);
        }
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return this;
    }

    /** A one-output node. */
    OnnxModels node(String opType, String output, String[] inputs, AttributeProto... attributes) {
        return node(opType, inputs, new String[] {output}, attributes);
    }

    ModelProto model() {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("zkmlc-test").setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build();
    }

    byte[] bytes() {
        return model().toByteArray();
    }

    Graph importGraph() {
        return new OnnxImporter().importBytes(bytes(), "model.onnx");
    }

    static String[] in(String... names) {
        return names;
    }

    static long[] dims(long... d) {
        return d;
    }

    static TensorProto floatTensor(String name, long[] dims, double... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putFloat((float) v);
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    static TensorProto intTensor(String name, long[] dims, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (long v : values) {
            t.addInt64Data(v);
        }
        return t.build();
    }

    static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto attr(String name, double value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF((float) value)
                .build();
    }

    static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build();
    }

    static AttributeProto attrInts(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto attrFloats(String name, double... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
        for (double v : values) {
            a.addFloats((float) v);
        }
        return a.build();
    }

    static AttributeProto attr(String name, TensorProto value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(value).build();
    }
}
