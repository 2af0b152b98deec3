package dev.zkmlc.frontend.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.zkmlc.frontend.onnx.proto.Onnx.ModelProto;
import dev.zkmlc.ir.Graph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads an ONNX model into the graph IR. Shape arithmetic on static shapes is folded away,
 * Identity, Dropout and float-to-float casts vanish, BatchNormalization folds into a preceding
 * Conv or Gemm where it can, and symbolic dimensions take the batch size (leading axis) or 1.
 * A model that cannot be imported is refused with one {@link OnnxImportException} that lists
 * every unsupported operator, attribute or shape in it.
 *
 * <pre>
 * Graph g = new OnnxImporter(OnnxImportOptions.DEFAULT).importFile(Path.of("model.onnx"));
 * </pre>
 */
public final class OnnxImporter {
    private final OnnxImportOptions options;

    public OnnxImporter(OnnxImportOptions options) {
        this.options = options;
    }

    public OnnxImporter() {
        this(OnnxImportOptions.DEFAULT);
    }

    public Graph importFile(Path path) {
        String file = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new OnnxImportException(path + ": no such file");
        } catch (IOException e) {
            throw new OnnxImportException(path + ": cannot read: " + e.getMessage());
        }
        return importBytes(bytes, file);
    }

    /** Imports a model from its bytes; {@code fileName} names it in messages and in source locations. */
    public Graph importBytes(byte[] bytes, String fileName) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxImportException(fileName + ": not a valid ONNX model (" + e.getMessage() + ")");
        }
        if (!model.hasGraph() || model.getOpsetImportCount() == 0 && model.getGraph().getNodeCount() == 0) {
            throw new OnnxImportException(fileName + ": not a valid ONNX model (no graph)");
        }
        try {
            return new GraphImport(model, fileName, options).run();
        } catch (OnnxImportException e) {
            throw e;
        } catch (RuntimeException e) {
            // Defence in depth: whatever a malformed model trips, the user gets one message.
            throw new OnnxImportException(fileName + ": cannot be imported (" + e + ")");
        }
    }
}
