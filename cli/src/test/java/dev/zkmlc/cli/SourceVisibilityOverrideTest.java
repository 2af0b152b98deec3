package dev.zkmlc.cli;

import static dev.zkmlc.cli.ZkmlcTest.zkmlc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A .zk program's visibilities, and the command line overriding them with a located note. */
class SourceVisibilityOverrideTest {
    private static final String MODEL = """
            model m {
                input x: [1, 4] public
                param w: [4, 2] = [0.5, -1.0, 0.25, 0.75, -0.5, 1.0, 0.125, -0.25] public
                param b: [2] = [0.3, 0.2]
                output y = relu(x @ w + b) private
            }
            """;

    @TempDir
    Path dir;

    @Test
    void publicWeightsDeclaredInSourceReachTheReport() throws IOException {
        Path f = Files.writeString(dir.resolve("m.zk"), MODEL);
        ZkmlcTest.Run r = zkmlc("compile", f.toString(), "-o", dir.resolve("out").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("parameters   10 (public)"), r.out());
        assertFalse(r.err().contains("note:"), r.err());
    }

    @Test
    void theCommandLineWinsWithANoteAtEachDeclarationItChanges() throws IOException {
        Path f = Files.writeString(dir.resolve("m.zk"), MODEL);
        ZkmlcTest.Run r = zkmlc("compile", f.toString(), "-o", dir.resolve("out").toString(),
                "--param-visibility", "hashed", "--input-visibility", "public", "--output-visibility", "public");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("parameters   10 (hashed)"), r.out());
        assertEquals(f + ":3:72: note: --param-visibility hashed overrides the declared 'public' of the parameters (param 'w')\n"
                + f + ":5:32: note: --output-visibility public overrides the declared 'private' of output 'y'\n",
                r.err().replace("\r\n", "\n"));
    }
}
