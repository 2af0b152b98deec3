package dev.zkmlc.cli;

import static dev.zkmlc.cli.ZkmlcTest.EXAMPLES;
import static dev.zkmlc.cli.ZkmlcTest.zkmlc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The plan search's options: --backend auto, --max-memory, and what plan.json records. */
class PlanOptionsTest {
    private static CircuitOptions options(String... args) {
        CompileCommand cmd = new CompileCommand();
        String[] all = new String[args.length + 1];
        all[0] = EXAMPLES.resolve("mlp.zk").toString();
        System.arraycopy(args, 0, all, 1, args.length);
        new CommandLine(cmd).parseArgs(all);
        return cmd.circuit;
    }

    private static List<String> names(CircuitOptions o, int level) {
        return o.backends(level).stream().map(b -> b.name()).toList();
    }

    @Test
    void autoWeighsEveryBackendFromLevelTwoUnlessPinned() {
        assertEquals(List.of("halo2-style"), names(options(), 0));
        assertEquals(List.of("halo2-style"), names(options(), 1));
        assertEquals(List.of("halo2-style", "plonk", "plonk-vanilla"), names(options(), 2));
        assertEquals(List.of("plonk"), names(options("--backend", "plonk"), 2));
        assertEquals(List.of("halo2-style"), names(options("--width", "12"), 2));
    }

    @Test
    void memorySizesParseInBinaryUnits() {
        assertEquals(8L << 30, CircuitOptions.parseSize("8G"));
        assertEquals(512L << 20, CircuitOptions.parseSize("512m"));
        assertEquals(1L << 40, CircuitOptions.parseSize("1TB"));
        assertEquals(1048576, CircuitOptions.parseSize("1048576"));
        for (String bad : List.of("", "G", "-1G", "0", "lots", "99999999999T")) {
            assertThrows(UsageError.class, () -> CircuitOptions.parseSize(bad), bad);
        }
        assertEquals(Long.MAX_VALUE, options().limits(0).maxMemoryBytes());
        assertTrue(options().limits(2).maxMemoryBytes() < Long.MAX_VALUE);
        assertEquals(64L << 20, options("--max-memory", "64M").limits(0).maxMemoryBytes());
    }

    @Test
    void aBudgetNoCandidateFitsStopsTheCompileWithTheEstimates() {
        ZkmlcTest.Run r = zkmlc(EXAMPLES.resolve("mlp.zk").toString(), "-O2", "--max-memory", "1M", "--no-write");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("MiB, above the limit 1 MiB"), r.err());
    }

    @Test
    void planJsonRecordsTheBackendEachLayersChoiceAndEveryPlanTried(@TempDir Path dir) throws IOException {
        ZkmlcTest.Run r = zkmlc("compile", EXAMPLES.resolve("mlp.zk").toString(), "-O2", "-o", dir.toString());
        assertEquals(0, r.code(), r.err());
        String plan = Files.readString(dir.resolve("plan.json"));
        for (String key : List.of("\"backend\"", "\"layers\"", "\"plans\"", "\"change\" : \"defaults\"",
                "\"kind\" : \"range\"", "\"chosen\" : \"", "\"estSecondsByOption\"")) {
            assertTrue(plan.contains(key), key + " in\n" + plan);
        }
        assertTrue(r.out().contains("planLayers"), r.out());
    }
}
