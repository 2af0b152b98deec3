package dev.zkmlc.frontend.onnx;

import com.google.protobuf.ByteString;
import dev.zkmlc.frontend.onnx.proto.Onnx.TensorProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.TensorProto.DataType;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Decodes a TensorProto's raw or typed storage into a constant. */
final class TensorDecoder {
    private TensorDecoder() {}

    /** Throws {@link IllegalArgumentException} with a plain reason when the tensor cannot be read. */
    static Value.Const decode(TensorProto t) {
        int type = t.getDataType();
        ElemKind kind = ElemKind.of(type);
        String what = "tensor '" + t.getName() + "'";
        if (kind == null) {
            throw new IllegalArgumentException(what + " has data type " + typeName(type) + ", which is not supported");
        }
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new IllegalArgumentException(what + " keeps its data in an external file, which is not supported");
        }
        int[] dims = new int[t.getDimsCount()];
        long size = 1;
        for (int i = 0; i < dims.length; i++) {
            long d = t.getDims(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + " has dimension " + d);
            }
            dims[i] = (int) d;
            size *= d;
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + " is too large");
            }
        }
        double[] data = t.hasRawData() ? raw(t.getRawData(), type, (int) size, what) : typed(t, type);
        if (data.length != size) {
            throw new IllegalArgumentException(what + " of shape " + Shape.of(dims) + " holds " + data.length
                    + " values, needs " + size);
        }
        return new Value.Const(new Tensor(Shape.of(dims), data), kind);
    }

    private static double[] raw(ByteString bytes, int type, int size, String what) {
        int width = width(type);
        if ((long) size * width != bytes.size()) {
            throw new IllegalArgumentException(what + " has " + bytes.size() + " raw bytes, needs " + (long) size * width);
        }
        ByteBuffer b = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            switch (type) {
                case DataType.FLOAT_VALUE: out[i] = b.getFloat(); break;
                case DataType.DOUBLE_VALUE: out[i] = b.getDouble(); break;
                case DataType.FLOAT16_VALUE: out[i] = halfToFloat(b.getShort() & 0xffff); break;
                case DataType.BFLOAT16_VALUE: out[i] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16); break;
                case DataType.INT8_VALUE: out[i] = b.get(); break;
                case DataType.UINT8_VALUE: out[i] = b.get() & 0xff; break;
                case DataType.BOOL_VALUE: out[i] = b.get() != 0 ? 1 : 0; break;
                case DataType.INT16_VALUE: out[i] = b.getShort(); break;
                case DataType.UINT16_VALUE: out[i] = b.getShort() & 0xffff; break;
                case DataType.INT32_VALUE: out[i] = b.getInt(); break;
                case DataType.UINT32_VALUE: out[i] = b.getInt() & 0xffffffffL; break;
                case DataType.INT64_VALUE: out[i] = b.getLong(); break;
                case DataType.UINT64_VALUE: out[i] = unsigned(b.getLong()); break;
                default: throw new IllegalArgumentException(what + ": unsupported data type " + typeName(type));
            }
        }
        return out;
    }

    private static double[] typed(TensorProto t, int type) {
        switch (type) {
            case DataType.FLOAT_VALUE: {
                double[] out = new double[t.getFloatDataCount()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = t.getFloatData(i);
                }
                return out;
            }
            case DataType.DOUBLE_VALUE:
                return t.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray();
            case DataType.INT64_VALUE:
                return t.getInt64DataList().stream().mapToDouble(Long::doubleValue).toArray();
            case DataType.UINT32_VALUE:
            case DataType.UINT64_VALUE:
                return t.getUint64DataList().stream().mapToDouble(TensorDecoder::unsigned).toArray();
            case DataType.FLOAT16_VALUE:
                return t.getInt32DataList().stream().mapToDouble(v -> halfToFloat(v & 0xffff)).toArray();
            case DataType.BFLOAT16_VALUE:
                return t.getInt32DataList().stream().mapToDouble(v -> Float.intBitsToFloat((v & 0xffff) << 16)).toArray();
            case DataType.BOOL_VALUE:
                return t.getInt32DataList().stream().mapToDouble(v -> v != 0 ? 1 : 0).toArray();
            default:
                return t.getInt32DataList().stream().mapToDouble(Integer::doubleValue).toArray();
        }
    }

    private static int width(int type) {
        switch (type) {
            case DataType.DOUBLE_VALUE:
            case DataType.INT64_VALUE:
            case DataType.UINT64_VALUE:
                return 8;
            case DataType.FLOAT_VALUE:
            case DataType.INT32_VALUE:
            case DataType.UINT32_VALUE:
                return 4;
            case DataType.FLOAT16_VALUE:
            case DataType.BFLOAT16_VALUE:
            case DataType.INT16_VALUE:
            case DataType.UINT16_VALUE:
                return 2;
            default:
                return 1;
        }
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(int bits) {
        int sign = (bits >>> 15) & 1;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        float magnitude;
        if (exp == 0) {
            magnitude = mant * 0x1p-24f;
        } else if (exp == 31) {
            magnitude = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            magnitude = Float.intBitsToFloat(((exp + 112) << 23) | (mant << 13));
        }
        return sign == 1 ? -magnitude : magnitude;
    }

    static String typeName(int type) {
        DataType t = DataType.forNumber(type);
        return t == null ? String.valueOf(type) : t.name();
    }
}
