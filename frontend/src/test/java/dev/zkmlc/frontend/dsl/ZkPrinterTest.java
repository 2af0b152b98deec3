package dev.zkmlc.frontend.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.stdlib.StandardLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The canonical form of {@code .zk} programs, and that it means what the original means. */
class ZkPrinterTest {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final List<String> EXAMPLE_NAMES = List.of("mlp", "cnn", "transformer");

    @TempDir
    Path dir;

    @Test
    void aMessyProgramPrintsCanonically() {
        String messy = """
                import std.nn   as layers   # a comment, which is kept
                fn f(a,b=2,) { let c=a*(b+1)   return -(c) }
                fn g(x) = ((x))
                model m { input x:[1,4] private
                param w:[4,4]=1.0 fixed
                param v from "dir/w \\"q\\".npy"
                let h=((x@w)+layers.dense(x,w,[0,0,0,0,],))[0,1:3]
                let k = h[::-1] output y=h public output k
                }
                """;
        assertEquals("""
                import std.nn as layers  # a comment, which is kept

                fn f(a, b = 2) {
                    let c = a * (b + 1)
                    return -c
                }

                fn g(x) = x

                model m {
                    input x: [1, 4] private

                    param w: [4, 4] = 1.0 fixed
                    param v from "dir/w \\"q\\".npy"

                    let h = (x @ w + layers.dense(x, w, [0, 0, 0, 0]))[0, 1:3]
                    let k = h[::-1]

                    output y = h public
                    output k
                }
                """, ZkPrinter.format("m.zk", messy));
    }

    @Test
    void longLinesBreakTheirCallsOneArgumentALine() {
        String text = "model m {\n    let attended = tokens + multi_head_attention(norm(tokens, ln1_gamma, ln1_beta), "
                + "wq, bq, wk, bk, wv, bv, wo, bo, heads = [heads_per_layer, heads_per_layer, heads_per_layer][0])\n}\n";
        assertEquals("""
                model m {
                    let attended = tokens + multi_head_attention(
                        norm(tokens, ln1_gamma, ln1_beta),
                        wq,
                        bq,
                        wk,
                        bk,
                        wv,
                        bv,
                        wo,
                        bo,
                        heads = [heads_per_layer, heads_per_layer, heads_per_layer][0],
                    )
                }
                """, ZkPrinter.format("m.zk", text));
    }

    @Test
    void parenthesesOnlyWherePrecedenceNeedsThem() {
        String[][] cases = {
            {"(a - b) - c", "a - b - c"},
            {"a - (b - c)", "a - (b - c)"},
            {"a * (b + c)", "a * (b + c)"},
            {"(a * b) + (c * a)", "a * b + c * a"},
            {"a / (b * c)", "a / (b * c)"},
            {"(a @ b) // c", "a @ b // c"},
            {"-(a @ b)", "-(a @ b)"},
            {"(-a) @ b", "-a @ b"},
            {"(-a)[0]", "(-a)[0]"},
            {"-(a[0])", "-a[0]"},
            {"a * (-b)", "a * -b"},
            {"-(-a)", "--a"},
            {"a - (-1)", "a - -1"},
            {"(a + b)[1:, :2, ::2]", "(a + b)[1:, :2, ::2]"},
            {"((f(a)))[0][1]", "f(a)[0][1]"},
            {"[(a), (b + c)][0]", "[a, b + c][0]"},
            {"nn.dense(x, w, b = (1))", "nn.dense(x, w, b = 1)"},
            {"x[a:b:c, :, 1e-5:.5:2.]", "x[a:b:c, :, 1e-5:.5:2.]"},
        };
        for (String[] c : cases) {
            String printed = ZkPrinter.format("e.zk", "fn e(a, b, c, f, x, w, nn) = " + c[0] + "\n");
            assertEquals("fn e(a, b, c, f, x, w, nn) = " + c[1] + "\n", printed, c[0]);
        }
    }

    @Test
    void theExamplesRoundTripAndCompileToTheSameGraphs() throws IOException {
        for (String name : EXAMPLE_NAMES) {
            String text = Files.readString(EXAMPLES.resolve(name + ".zk"));
            RoundTrip.compile(name + ".zk", text, EXAMPLES);
        }
    }

    @Test
    void theStandardLibraryRoundTrips() {
        for (String module : StandardLibrary.MODULES) {
            String text = StandardLibrary.source(module).orElseThrow();
            String printed = RoundTrip.checkSyntax("std/" + module + ".zk", text);
            assertFalse(printed.contains("#"), "comments are not kept");
        }
    }

    /**
     * The printed standard library, saved as user modules next to a copy of each example that
     * imports them instead of std, compiles the examples to the same graphs.
     */
    @Test
    void thePrintedStandardLibraryCompilesTheExamplesAlike() throws IOException {
        for (String module : StandardLibrary.MODULES) {
            String printed = ZkPrinter.format("std/" + module + ".zk", StandardLibrary.source(module).orElseThrow());
            Files.writeString(dir.resolve(module + ".zk"), printed.replace("import std.", "import "));
        }
        String weights = EXAMPLES.toAbsolutePath().normalize().toString().replace("\\", "\\\\") + "/";
        for (String name : EXAMPLE_NAMES) {
            String original = Files.readString(EXAMPLES.resolve(name + ".zk"));
            String local = original.replace("import std.", "import ").replace("from \"", "from \"" + weights);
            assertEquals(RoundTrip.withoutLocations(ZkFrontend.compile(EXAMPLES.resolve(name + ".zk"))),
                    RoundTrip.withoutLocations(ZkFrontend.compileSource(name + ".zk", local, dir)), name);
        }
    }

    /** Every .zk file in the repository that parses (fuzz seeds need not) round-trips. */
    @Test
    void everyZkFileInTheRepositoryRoundTrips() throws IOException {
        int checked = 0;
        try (Stream<Path> files = Files.walk(Path.of(".."))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".zk")).sorted().toList()) {
                String path = f.toString().replace('\\', '/');
                if (path.contains("/target/") || path.contains("/.git/")) {
                    continue;
                }
                String text = Files.readString(f);
                if (path.contains("fuzz-seeds")) {
                    try {
                        RoundTrip.parse(path, text);
                    } catch (DslException | StackOverflowError e) {
                        continue;
                    }
                }
                RoundTrip.checkSyntax(path, text);
                checked++;
            }
        }
        assertTrue(checked >= EXAMPLE_NAMES.size() + StandardLibrary.MODULES.size(), "found " + checked + " files");
    }

    @Test
    void commentsStayBesideWhatTheyDescribe() {
        String text = """
                # A header comment,
                # two lines long.

                import std.nn


                # Doubles.
                fn double(x) = 2*x   # trailing
                fn f(a) {   # on the header
                  # before the let
                  let b = a+1 # one
                  let cc = b*b   # two
                  return cc # three
                  # before the brace
                }
                model m {
                input x: [1, 4] private # the input
                output y = double(f(x))
                } # after the model
                # at the end
                """;
        assertEquals("""
                # A header comment,
                # two lines long.

                import std.nn

                # Doubles.
                fn double(x) = 2 * x  # trailing

                fn f(a) {  # on the header
                    # before the let
                    let b = a + 1   # one
                    let cc = b * b  # two
                    return cc       # three
                    # before the brace
                }

                model m {
                    input x: [1, 4] private  # the input

                    output y = double(f(x))
                }  # after the model
                # at the end
                """, ZkPrinter.format("m.zk", text));
    }

    @Test
    void aCommentInsideAMultiLineExpressionMovesBeforeTheNextDeclaration() {
        String text = "model m {\n    let y = f(\n        a,\n        # about b\n        b)  # after\n    output y\n}\n";
        assertEquals("model m {\n    let y = f(a, b)  # after\n\n    # about b\n    output y\n}\n", ZkPrinter.format("m.zk", text));
    }

    @Test
    void theExamplesAndTheStandardLibraryKeepTheirComments() throws IOException {
        List<String> texts = new ArrayList<>();
        for (String name : EXAMPLE_NAMES) {
            texts.add(Files.readString(EXAMPLES.resolve(name + ".zk")));
        }
        for (String module : StandardLibrary.MODULES) {
            texts.add(StandardLibrary.source(module).orElseThrow());
        }
        for (String text : texts) {
            String once = ZkPrinter.format("t.zk", text);
            assertEquals(text.lines().filter(l -> l.contains("#")).count(), once.lines().filter(l -> l.contains("#")).count());
            assertEquals(once, ZkPrinter.format("t.zk", once));
        }
    }

    @Test
    void formattingReportsSyntaxErrorsWithTheirLocation() {
        DslException e = assertThrows(DslException.class, () -> ZkPrinter.format("bad.zk", "model m {\n    let y = (x +\n}\n"));
        assertEquals("bad.zk", e.file());
        assertEquals(3, e.line());
        assertTrue(e.problem().startsWith("syntax error"), e.problem());
    }

    @Test
    void canonicalTextIsAFixedPoint() throws IOException {
        for (String name : EXAMPLE_NAMES) {
            String once = ZkPrinter.format(name + ".zk", Files.readString(EXAMPLES.resolve(name + ".zk")));
            assertEquals(once, ZkPrinter.format(name + ".zk", once));
        }
        assertEquals("# nothing\n", ZkPrinter.format("empty.zk", "\n# nothing\n\n"));
        assertEquals("model m {}\n", ZkPrinter.format("m.zk", "model m { }"));
    }
}
