package dev.zkmlc.cli;

import static dev.zkmlc.cli.ZkmlcTest.zkmlc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zkmlc fmt}: canonical .zk text on stdout, and a file rewritten only when asked. */
class FmtCommandTest {
    private static final String MESSY = "model m { input x:[1,2] private\nparam w:[2,2]=1.0\noutput y=((x@w)+1) public }\n";
    private static final String CANONICAL = """
            model m {
                input x: [1, 2] private

                param w: [2, 2] = 1.0

                output y = x @ w + 1 public
            }
            """;

    @TempDir
    Path dir;

    @Test
    void printsTheCanonicalFormAndLeavesTheFileAlone() throws IOException {
        Path f = Files.writeString(dir.resolve("m.zk"), MESSY);
        ZkmlcTest.Run r = zkmlc("fmt", f.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(CANONICAL, r.out());
        assertEquals(MESSY, Files.readString(f));
    }

    @Test
    void writeRewritesTheFileAndCheckThenAgrees() throws IOException {
        Path f = Files.writeString(dir.resolve("m.zk"), MESSY);
        assertEquals(1, zkmlc("fmt", "--check", f.toString()).code());
        ZkmlcTest.Run r = zkmlc("fmt", "--write", f.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(CANONICAL, Files.readString(f));
        ZkmlcTest.Run check = zkmlc("fmt", "--check", f.toString());
        assertEquals(0, check.code(), check.err());
        assertEquals("", check.out());
    }

    @Test
    void writeKeepsComments() throws IOException {
        Path f = Files.writeString(dir.resolve("m.zk"), "# the model\n" + MESSY);
        ZkmlcTest.Run r = zkmlc("fmt", "--write", f.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("# the model\n" + CANONICAL, Files.readString(f));
    }

    @Test
    void aSyntaxErrorIsLocated() throws IOException {
        Path f = Files.writeString(dir.resolve("bad.zk"), "model m {\n    output y = (x +\n}\n");
        ZkmlcTest.Run r = zkmlc("fmt", f.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().startsWith(f + ":3:1: syntax error"), r.err());
    }

    @Test
    void theExamplesFormatWithTheirHeaderComments() throws IOException {
        for (String name : new String[] {"mlp", "cnn", "transformer"}) {
            Path example = ZkmlcTest.EXAMPLES.resolve(name + ".zk");
            ZkmlcTest.Run r = zkmlc("fmt", example.toString());
            assertEquals(0, r.code(), r.err());
            String header = Files.readString(example).lines().takeWhile(l -> l.startsWith("#")).reduce("", (a, l) -> a + l + "\n");
            assertTrue(!header.isEmpty() && r.out().startsWith(header + "import std.nn\n"), r.out());
        }
    }
}
