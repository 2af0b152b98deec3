package dev.zkmlc.frontend.dsl;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A broken program never crashes the front end: mutated versions of the examples either compile or
 * fail with a located {@link DslException}, never another exception.
 */
class RobustnessPropertyTest {
    private static final String[] SNIPPETS = {
        "(", ")", "[", "]", ",", "=", "@", "-", "*", "/", "//", ":", "::", "0", "-1", "1e999", "99999999999",
        "2.5", "x", "relu", "fn", "let", "return", "model", "output", "input", "param", "true", "[]", "[[1], [2, 3]]",
        "\"", "\"w.npy\"", "#", "\n", "dense", "conv2d(", "reshape(", "x[", "-2]", "[0, 0]", "axis = 9", "stride = 0",
        "std.nn", "import std.nn\n", "fn f(x) = f(x)\n", "softmax", "transpose(", "perm = [0, 0]", "shape(x)",
        "dim(x, 5)", "xs", "concat([", "gather(", "slice(", "pad(", "max_pool(", "kernel = 0", "heads", "0.0",
    };

    @Test
    void mutatedExamplesCompileOrFailCleanly() throws Exception {
        List<Path> files = List.of(Path.of("..", "examples", "mlp.zk"), Path.of("..", "examples", "cnn.zk"),
                Path.of("..", "examples", "transformer.zk"));
        List<String> sources = new ArrayList<>();
        for (Path f : files) {
            sources.add(Files.readString(f));
        }
        Path dir = Path.of("..", "examples");
        qt().withExamples(400).forAll(longs().all()).checkAssert(seed -> {
            Random rnd = new Random(seed);
            String program = mutate(sources.get(rnd.nextInt(sources.size())), rnd);
            try {
                ZkFrontend.compileSource("fuzz.zk", program, dir);
            } catch (DslException e) {
                assertTrue(e.getMessage().startsWith("fuzz.zk") || e.getMessage().startsWith("std/")
                        || e.getMessage().startsWith(dir.toString()), e.getMessage());
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("crash on:\n" + program, e);
            }
        });
    }

    private static String mutate(String source, Random rnd) {
        StringBuilder sb = new StringBuilder(source);
        int edits = 1 + rnd.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int at = rnd.nextInt(sb.length() + 1);
            switch (rnd.nextInt(4)) {
                case 0:
                    sb.delete(at, Math.min(sb.length(), at + 1 + rnd.nextInt(12)));
                    break;
                case 1:
                    sb.insert(at, " " + SNIPPETS[rnd.nextInt(SNIPPETS.length)] + " ");
                    break;
                case 2: {
                    int from = rnd.nextInt(sb.length() + 1);
                    int to = Math.min(sb.length(), from + rnd.nextInt(40));
                    sb.insert(at, sb.substring(from, to));
                    break;
                }
                default: {
                    // Replace a number with another, the most likely way to break shapes.
                    String s = sb.toString();
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(s);
                    List<int[]> spans = new ArrayList<>();
                    while (m.find()) {
                        spans.add(new int[] {m.start(), m.end()});
                    }
                    if (!spans.isEmpty()) {
                        int[] span = spans.get(rnd.nextInt(spans.size()));
                        sb.replace(span[0], span[1], String.valueOf(rnd.nextInt(5) - 1));
                    }
                    break;
                }
            }
        }
        return sb.toString();
    }
}
