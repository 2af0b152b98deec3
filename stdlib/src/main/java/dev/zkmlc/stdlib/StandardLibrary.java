package dev.zkmlc.stdlib;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The {@code .zk} standard library: modules written in the language itself and shipped as class
 * path resources {@code std/<name>.zk}. {@code import std.nn} in a model reads {@code std/nn.zk}.
 */
public final class StandardLibrary {
    /** Every module under {@code std}, so that tools can list them and suggest a missing import. */
    public static final List<String> MODULES = List.of("nn", "attention");

    private StandardLibrary() {}

    /** The source text of {@code std.<name>}, or empty when there is no such module. */
    public static Optional<String> source(String name) {
        if (!MODULES.contains(name)) {
            return Optional.empty();
        }
        String resource = "/std/" + name + ".zk";
        try (InputStream in = StandardLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("standard library resource " + resource + " is missing from the class path");
            }
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
