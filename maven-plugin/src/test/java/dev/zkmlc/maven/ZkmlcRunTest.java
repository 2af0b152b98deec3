package dev.zkmlc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZkmlcRunTest {
    @Test
    void aModelErrorIsTheCommandLinesOneLineWithItsLocation(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("bad.zk");
        Files.writeString(model, "model bad {\n    input x: [1, 4] private\n    output y = con2d(x) public\n}\n");
        ZkmlcRun run = ZkmlcRun.of(List.of("compile", model.toString(), "-o", dir.resolve("out").toString()));
        assertEquals(3, run.exitCode());
        String failure = run.failure();
        assertEquals(model + ":3:16: unknown function 'con2d'", failure);
        // The command line's detail follows: the source line and a caret under the column.
        assertEquals(List.of(failure, "    output y = con2d(x) public", "               ^"), run.problem());
    }

    @Test
    void phaseTimingsAndWarningsAreNotTheFailure() {
        ZkmlcRun run = new ZkmlcRun(List.of("setup"), 3, List.of(),
                List.of("compile    ... 0.52 s", "WARNING: dev.ptau is a development SRS", "read srs   ...dev.ptau: too small"));
        assertEquals("dev.ptau: too small", run.failure());
        ZkmlcRun noted = new ZkmlcRun(List.of("compile"), 3, List.of(), List.of(
                "m.zk:3:72: note: --param-visibility hashed overrides the declared 'public' of the parameters (param 'w')",
                "the vanilla PLONK backend cannot hash"));
        assertEquals("the vanilla PLONK backend cannot hash", noted.failure());
    }

    @Test
    void aGoodModelCompilesAndWritesItsCircuit(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("tiny.zk");
        Files.writeString(model, "model tiny {\n    input x: [1, 2] private\n    param w: [2, 2] = [[1, 0], [0, 1]]\n"
                + "    output y = x @ w public\n}\n");
        ZkmlcRun run = ZkmlcRun.of(List.of("compile", model.toString(), "--table-bits", "6", "-o", dir.resolve("out").toString()));
        assertTrue(run.ok(), run.failure());
        assertTrue(Files.readString(dir.resolve("out/report.json")).contains("\"visibility\" : \"private\""));
    }

    @Test
    void visibilityOptionsOverrideTheModels(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("tiny.zk");
        Files.writeString(model, "model tiny {\n    input x: [1, 2] private\n    param w: [2, 2] = [[1, 0], [0, 1]]\n"
                + "    output y = x @ w public\n}\n");
        ZkmlcRun run = ZkmlcRun.of(List.of("compile", model.toString(), "--table-bits", "6", "--input-visibility", "public",
                "-o", dir.resolve("out").toString()));
        assertTrue(run.ok(), run.failure());
        String report = Files.readString(dir.resolve("out/report.json"));
        assertTrue(report.contains("\"name\" : \"x\",\n    \"shape\" : [ 1, 2 ],\n    \"visibility\" : \"public\""), report);
        ZkmlcRun bad = ZkmlcRun.of(List.of("compile", model.toString(), "--input-visibility", "fixed", "--no-write"));
        assertEquals(2, bad.exitCode());
        assertEquals("zkmlc: --input-visibility: 'fixed' is only for weights (values known at compile time); use public, private"
                + " or hashed (see 'zkmlc compile --help')", bad.failure());
    }
}
