package dev.zkmlc.frontend.onnx;

import java.util.List;

/**
 * An ONNX model zkmlc cannot import: unreadable bytes, or operators, attributes or shapes it does
 * not support. Carries every problem found, each one line with the file and the node, e.g.
 * {@code model.onnx: node 'Conv_3' (op Conv, opset 13): attribute group=2 is not supported}.
 */
public final class OnnxImportException extends RuntimeException {
    private final List<String> problems;

    public OnnxImportException(String file, List<String> problems) {
        super(describe(file, problems));
        this.problems = List.copyOf(problems);
    }

    public OnnxImportException(String problem) {
        this(null, List.of(problem));
    }

    /** Each problem on its own, as one line that names the file and the node. */
    public List<String> problems() {
        return problems;
    }

    private static String describe(String file, List<String> problems) {
        if (problems.size() == 1) {
            return problems.get(0);
        }
        return file + ": " + problems.size() + " problems prevent the import:\n  " + String.join("\n  ", problems);
    }
}
