package dev.zkmlc.frontend.onnx;

/**
 * How to import: {@code batchSize} replaces a symbolic leading dimension (such as
 * {@code batch_size}); any other symbolic dimension becomes 1.
 */
public record OnnxImportOptions(int batchSize) {
    public static final OnnxImportOptions DEFAULT = new OnnxImportOptions(1);

    public OnnxImportOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
    }
}
