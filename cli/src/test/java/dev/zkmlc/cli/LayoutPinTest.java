package dev.zkmlc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LayoutPinTest {
    @TempDir
    Path dir;

    private String setupOptions(Path model, String... options) {
        CommandLine cl = new CommandLine(new SetupCommand());
        cl.parseArgs(concat(new String[] {model.toString(), "--srs", "dev.ptau", "-o", "keys"}, options));
        return LayoutPin.optionsOf(cl.getCommandSpec(), model);
    }

    private String proveOptions(Path model, String... options) {
        CommandLine cl = new CommandLine(new ProveCommand());
        cl.parseArgs(concat(new String[] {model.toString(), "--pk", "keys/pk.bin", "--input", "input.json",
            "-o", "proof", "--force"}, options));
        return LayoutPin.optionsOf(cl.getCommandSpec(), model);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aDefaultedOptionMatchesTheSameValueGivenAndTheCommandsOwnOptionsDoNotCount() throws IOException {
        Path model = Files.writeString(dir.resolve("m.zk"), "");
        String setup = setupOptions(model, "-O2", "--param-visibility", "fixed");
        assertEquals(setup, proveOptions(model, "--param-visibility=fixed"));
        assertEquals(setup, proveOptions(model, "--param-visibility", "fixed", "-O", "2", "--target", "accuracy"));
        assertNotEquals(setup, proveOptions(model, "--param-visibility", "fixed", "-O3"));
        assertNotEquals(setup, proveOptions(model));
        assertNotEquals(setup, proveOptions(model, "--param-visibility", "fixed", "--table-bits", "10"));
    }
}
