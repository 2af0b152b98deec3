package dev.zkmlc.cli;

import static dev.zkmlc.cli.ZkmlcTest.EXAMPLES;
import static dev.zkmlc.cli.ZkmlcTest.zkmlc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agreement between the backends: every example compiles with {@code --backend plonk}, its honest
 * witness passes the mock prover, and it outputs the same bits as the halo2-style layout (both
 * equal the exact interpreter, which the mock command checks too). {@code zkmlc export} writes
 * snarkjs's files for the vanilla layout.
 */
class PlonkBackendTest {

    private static List<String> outputs(String out) {
        return out.lines().filter(l -> l.startsWith("output")).collect(Collectors.toList());
    }

    private static ZkmlcTest.Run mock(String example, String backend) {
        return zkmlc("mock", EXAMPLES.resolve(example + ".zk").toString(), "--input",
                EXAMPLES.resolve(example).resolve("input.json").toString(), "--backend", backend);
    }

    @Test
    void examplesAgreeWithTheHalo2StyleLayout() {
        for (String example : new String[] {"mlp", "cnn", "transformer"}) {
            ZkmlcTest.Run halo2 = mock(example, "halo2");
            ZkmlcTest.Run plonk = mock(example, "plonk");
            assertEquals(0, halo2.code(), example + ": " + halo2.out() + halo2.err());
            assertEquals(0, plonk.code(), example + ": " + plonk.out() + plonk.err());
            assertTrue(plonk.out().contains("circuit      plonk,"), plonk.out());
            assertTrue(plonk.out().contains("all constraints hold"), plonk.out());
            assertEquals(outputs(halo2.out()), outputs(plonk.out()), example);
        }
        ZkmlcTest.Run vanilla = mock("mlp", "plonk-vanilla");
        assertEquals(0, vanilla.code(), vanilla.out() + vanilla.err());
        assertTrue(vanilla.out().contains("0 lookups, degree 3"), vanilla.out());
        assertEquals(outputs(mock("mlp", "halo2").out()), outputs(vanilla.out()));
    }

    @Test
    void exportWritesR1csAndWitness(@TempDir Path dir) throws Exception {
        Path r1cs = dir.resolve("mlp.r1cs");
        Path wtns = dir.resolve("mlp.wtns");
        ZkmlcTest.Run r = zkmlc("export", "--r1cs", r1cs.toString(), "--wtns", wtns.toString(),
                EXAMPLES.resolve("mlp.zk").toString(), "--input", EXAMPLES.resolve("mlp").resolve("input.json").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("10 public outputs, 0 public inputs"), r.out());
        assertArrayEquals("r1cs".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(Files.readAllBytes(r1cs), 4));
        assertArrayEquals("wtns".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(Files.readAllBytes(wtns), 4));
    }

    @Test
    void exportRefusesALookupLayoutInOneLine(@TempDir Path dir) {
        ZkmlcTest.Run r = zkmlc("export", "--r1cs", dir.resolve("x.r1cs").toString(), "--backend", "plonk",
                EXAMPLES.resolve("mlp.zk").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("lookup table") && r.err().contains("--backend plonk-vanilla"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
