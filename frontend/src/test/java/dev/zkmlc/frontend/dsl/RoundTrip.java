package dev.zkmlc.frontend.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zkmlc.ir.Graph;
import java.nio.file.Path;

/**
 * The printer's laws, checked on a program: printing and parsing again gives the same tree,
 * printing is idempotent, and the printed program compiles to the same graph (or fails alike).
 */
final class RoundTrip {
    private RoundTrip() {}

    static ZkAst.Program parse(String name, String text) {
        return ZkParsing.parseProgram(new SourceFile(name, text, false));
    }

    /** Checks the parse and print laws on {@code text}; returns the canonical text. */
    static String checkSyntax(String name, String text) {
        ZkAst.Program tree = parse(name, text);
        String printed = ZkPrinter.print(tree);
        ZkAst.Program again = parse(name, printed);
        assertEquals(tree.withoutPositions(), again.withoutPositions(), () -> "reparsing changed the tree of:\n" + printed);
        assertEquals(printed, ZkPrinter.print(again), "printing is not idempotent");
        return printed;
    }

    /**
     * Compiles {@code text} as {@link ZkFrontend#compileSource} does, after checking that its
     * canonical form parses back to it and compiles to the same graph (or fails as well).
     */
    static Graph compile(String name, String text, Path dir) {
        String printed = checkSyntax(name, text);
        Graph g;
        try {
            g = ZkFrontend.compileSource(name, text, dir);
        } catch (DslException e) {
            assertThrows(DslException.class, () -> ZkFrontend.compileSource(name, printed, dir),
                    "the canonical form compiles though the original does not: " + e.getMessage());
            throw e;
        }
        assertEquals(withoutLocations(g), withoutLocations(ZkFrontend.compileSource(name, printed, dir)),
                () -> "the canonical form compiles to another graph:\n" + printed);
        return g;
    }

    /** The graph's text without the source locations, which printing moves. */
    static String withoutLocations(Graph g) {
        return g.toString().replaceAll(" *# .*", "");
    }
}
