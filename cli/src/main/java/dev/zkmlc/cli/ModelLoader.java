package dev.zkmlc.cli;

import dev.zkmlc.frontend.dsl.ZkFrontend;
import dev.zkmlc.frontend.onnx.OnnxImportOptions;
import dev.zkmlc.frontend.onnx.OnnxImporter;
import dev.zkmlc.ir.Graph;
import java.nio.file.Path;

/** Reads a model file into the graph IR, choosing the frontend by file extension. */
final class ModelLoader {
    private ModelLoader() {}

    static Graph load(Path model, int batch) {
        FileArgs.readable(model);
        String name = model.getFileName().toString().toLowerCase();
        if (name.endsWith(".zk")) {
            return ZkFrontend.compile(model);
        }
        if (name.endsWith(".onnx")) {
            return new OnnxImporter(new OnnxImportOptions(batch)).importFile(model);
        }
        throw new UserError(model + ": unknown model format (expected a .zk or .onnx file)");
    }

    static String format(Path model) {
        return model.getFileName().toString().toLowerCase().endsWith(".onnx") ? "onnx" : "zk";
    }
}
