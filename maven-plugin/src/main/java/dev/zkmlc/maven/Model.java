package dev.zkmlc.maven;

import java.nio.file.Path;

/** A model the build compiles: its source file, the source root it was found under, and its output directory. */
record Model(String name, Path file, Path sourceRoot, Path outputDir) {
    static String nameOf(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    Path reportFile() {
        return outputDir.resolve("report.json");
    }
}
