package dev.zkmlc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory zkmlc writes artifacts into. zkmlc only writes into a directory that is new or that it
 * made itself (it leaves a marker file there), so nothing the user had is overwritten unasked.
 */
final class OutputDirectory {
    static final String MARKER = ".zkmlc-output";

    private OutputDirectory() {}

    static Path prepare(Path dir, boolean force) throws IOException {
        check(dir, force);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "This directory holds zkmlc output; zkmlc may overwrite its files.\n");
        return dir;
    }

    /**
     * Fails unless {@link #prepare} would succeed; commands call it before their long work, so that a
     * wrong --out costs a second, not a proof.
     */
    static void check(Path dir, boolean force) throws IOException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new UserError(dir + ": exists and is not a directory");
            }
            boolean ours = Files.exists(dir.resolve(MARKER));
            boolean empty;
            try (var entries = Files.list(dir)) {
                empty = entries.findAny().isEmpty();
            }
            if (!ours && !empty && !force) {
                throw new UserError(dir + ": exists and was not made by zkmlc; choose another --out or pass --force");
            }
        }
    }

    /** The default place for a model's artifacts: zkmlc-out/<model file name without extension>. */
    static Path defaultFor(Path model) {
        String name = model.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        if (stem.equals("network") || stem.equals("model")) {
            Path parent = model.toAbsolutePath().getParent();
            if (parent != null && parent.getFileName() != null) {
                stem = parent.getFileName().toString();
            }
        }
        return Path.of("zkmlc-out", stem);
    }
}
