package dev.zkmlc.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks on the files a command line names, made before any work so that a wrong path fails in a
 * second with its name, and so that no file the user had is overwritten without {@code --force}.
 */
final class FileArgs {
    private FileArgs() {}

    /** A file to read: it must exist and not be a directory. */
    static Path readable(Path file) {
        if (Files.isDirectory(file)) {
            throw new UserError(file + ": is a directory, not a file");
        }
        if (!Files.exists(file)) {
            throw new UserError(file + ": no such file");
        }
        return file;
    }

    /** A file to write: its directory must exist, and the file itself must not, unless {@code force}. */
    static Path writable(Path file, boolean force) {
        if (Files.isDirectory(file)) {
            throw new UserError(file + ": is a directory, not a file");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserError(file + ": no such directory " + (file.getParent() != null ? file.getParent() : parent));
        }
        if (Files.exists(file) && !force) {
            throw new UserError(file + ": already exists (use --force to overwrite it)");
        }
        return file;
    }
}
