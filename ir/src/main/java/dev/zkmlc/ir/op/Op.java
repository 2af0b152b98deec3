package dev.zkmlc.ir.op;

import dev.zkmlc.ir.TensorType;
import java.util.List;

/**
 * An operation of the graph IR. Attributes are record components; tensor operands (activations and
 * weights alike) are the node's inputs. Every op states its result type from its operand types and
 * throws {@link dev.zkmlc.ir.IrException} when they do not fit.
 */
public sealed interface Op
        permits UnaryOp, BinaryOp, MatMul, Gemm, Conv, ConvTranspose, Softmax, LayerNorm, BatchNorm,
                MaxPool, AvgPool, GlobalAvgPool, GlobalMaxPool, Reshape, Flatten, Transpose, Concat,
                Slice, Squeeze, Unsqueeze, Gather, Pad, Expand, Reduce, ArgMax, Where, Resize {
    /** The op's name in the text form of the IR, e.g. {@code conv}. */
    String opName();

    /** The number of operands accepted, as {min, max}. */
    int[] arity();

    TensorType inferType(List<TensorType> operands);
}
