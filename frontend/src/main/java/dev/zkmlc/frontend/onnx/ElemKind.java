package dev.zkmlc.frontend.onnx;

import dev.zkmlc.frontend.onnx.proto.Onnx.TensorProto.DataType;
import dev.zkmlc.ir.DType;

/**
 * What an ONNX value's numbers mean. The IR computes every value as a double; the kind decides the
 * ONNX semantics the importer must reproduce, such as integer division truncating.
 */
enum ElemKind {
    FLOAT, INT, BOOL;

    static ElemKind of(int onnxDataType) {
        switch (onnxDataType) {
            case DataType.FLOAT_VALUE:
            case DataType.DOUBLE_VALUE:
            case DataType.FLOAT16_VALUE:
            case DataType.BFLOAT16_VALUE:
                return FLOAT;
            case DataType.BOOL_VALUE:
                return BOOL;
            case DataType.INT8_VALUE:
            case DataType.INT16_VALUE:
            case DataType.INT32_VALUE:
            case DataType.INT64_VALUE:
            case DataType.UINT8_VALUE:
            case DataType.UINT16_VALUE:
            case DataType.UINT32_VALUE:
            case DataType.UINT64_VALUE:
                return INT;
            default:
                return null;
        }
    }

    DType dtype() {
        return this == FLOAT ? DType.FLOAT : this == INT ? DType.INT64 : DType.BOOL;
    }
}
