package dev.zkmlc.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every command that reads a model shares. */
final class ModelOptions {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model: a .zk program or an .onnx file.")
    Path model;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1",
            description = "Size for symbolic batch dimensions of ONNX inputs (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "-O", paramLabel = "LEVEL", defaultValue = "2",
            description = "Optimisation level 0..3: 0 no passes; 1 graph passes; 2 and 3 also search layouts (default: ${DEFAULT-VALUE}).")
    int optLevel;
}
