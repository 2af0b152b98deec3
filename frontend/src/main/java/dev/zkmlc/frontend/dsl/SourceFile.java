package dev.zkmlc.frontend.dsl;

import java.util.List;

/**
 * The text of one {@code .zk} file, under the name errors and source locations show for it
 * ({@code examples/mlp.zk}, {@code std/nn.zk}). {@code library} marks standard-library files,
 * whose errors are reported at the user's call site instead.
 */
record SourceFile(String displayName, String text, boolean library) {
    /** Line {@code n} (1-based) without its line break, or "" when out of range. */
    String line(int n) {
        List<String> lines = text.lines().toList();
        return n >= 1 && n <= lines.size() ? lines.get(n - 1) : "";
    }
}
