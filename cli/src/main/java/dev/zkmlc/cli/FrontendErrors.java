package dev.zkmlc.cli;

import dev.zkmlc.frontend.dsl.DslException;
import dev.zkmlc.frontend.onnx.OnnxImportException;

/** The exception types through which the frontends and the interpreters report user mistakes. */
final class FrontendErrors {
    private FrontendErrors() {}

    static boolean isFrontendError(Throwable ex) {
        return ex instanceof DslException || ex instanceof OnnxImportException;
    }
}
