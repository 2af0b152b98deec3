package dev.zkmlc.ir;

/**
 * Where a node came from: a {@code .zk} span (file, line, column) or an ONNX node (file and node
 * name in {@code detail}). Lines and columns are 1-based; 0 means unknown.
 */
public record SourceLocation(String file, int line, int column, String detail) {
    public static final SourceLocation UNKNOWN = new SourceLocation("<unknown>", 0, 0, "");

    public static SourceLocation of(String file, int line, int column) {
        return new SourceLocation(file, line, column, "");
    }

    public static SourceLocation onnxNode(String file, String nodeName, String opType, long opset) {
        return new SourceLocation(file, 0, 0, "node '" + nodeName + "' (op " + opType + ", opset " + opset + ")");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        if (!detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        return sb.toString();
    }
}
