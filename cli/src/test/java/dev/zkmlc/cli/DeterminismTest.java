package dev.zkmlc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same inputs give byte-identical artifacts: compile (circuit, report.json, plan.json), setup
 * (pk.bin, vk.bin) and export (.r1cs, .wtns). Proofs are the exception by design: the prover blinds
 * the witness with fresh randomness, as zero-knowledge requires, so two proofs of one input differ
 * in their bytes while both verify and carry the same public values.
 */
class DeterminismTest {
    static final Path TINY = Path.of("src", "test", "resources", "tiny.zk");
    static final Path TINY_INPUT = Path.of("src", "test", "resources", "tiny.json");

    @TempDir
    Path dir;

    private static void ok(String... args) {
        ZkmlcTest.Run r = ZkmlcTest.zkmlc(args);
        assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.out() + r.err());
    }

    private static byte[] bytes(Path f) throws IOException {
        return Files.readAllBytes(f);
    }

    @Test
    void compilingTwiceWritesTheSameCircuitReportAndPlan() throws IOException {
        String model = ZkmlcTest.EXAMPLES.resolve("mlp.zk").toString();
        Path out = dir.resolve("mlp");
        ok("compile", model, "-o", out.toString());
        List<Path> files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
        }
        assertEquals(List.of("circuit", "plan.json", "report.json"),
                files.stream().map(f -> f.getFileName().toString().replaceFirst("^circuit\\..*", "circuit")).toList());
        byte[][] first = new byte[files.size()][];
        for (int i = 0; i < files.size(); i++) {
            first[i] = bytes(files.get(i));
        }
        ok("compile", model, "-o", out.toString());
        for (int i = 0; i < files.size(); i++) {
            assertArrayEquals(first[i], bytes(files.get(i)), files.get(i) + " changed between two compilations");
        }
        // The circuit and the plan do not depend on where they are written (the report names its directory).
        Path elsewhere = dir.resolve("elsewhere");
        ok("compile", model, "-o", elsewhere.toString());
        for (Path f : files) {
            if (!f.getFileName().toString().equals("report.json")) {
                assertArrayEquals(bytes(f), bytes(elsewhere.resolve(f.getFileName())), f.getFileName() + " depends on --out");
            }
        }
    }

    @Test
    void setupTwiceMakesTheSameKeysAndEveryProofVerifiesThoughProofsDiffer() throws IOException {
        Path ptau = dir.resolve("dev.ptau");
        ok("srs", "--dev", "-k", "9", "-o", ptau.toString());
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        for (Path out : List.of(a, b)) {
            ok("setup", TINY.toString(), "--table-bits", "6", "--srs", ptau.toString(), "-o", out.toString());
            ok("prove", TINY.toString(), "--table-bits", "6", "--pk", a.resolve("pk.bin").toString(),
                    "--input", TINY_INPUT.toString(), "-o", out.toString());
        }
        assertArrayEquals(bytes(a.resolve("pk.bin")), bytes(b.resolve("pk.bin")), "pk.bin");
        assertArrayEquals(bytes(a.resolve("vk.bin")), bytes(b.resolve("vk.bin")), "vk.bin");
        assertFalse(Arrays.equals(bytes(a.resolve("proof.bin")), bytes(b.resolve("proof.bin"))),
                "two proofs of one input are blinded with fresh randomness, so their bytes differ");
        assertArrayEquals(bytes(a.resolve("outputs.json")), bytes(b.resolve("outputs.json")), "outputs.json");
        for (Path out : List.of(a, b)) {
            ZkmlcTest.Run r = ZkmlcTest.zkmlc("verify", "--vk", a.resolve("vk.bin").toString(),
                    "--proof", out.resolve("proof.bin").toString());
            assertEquals(0, r.code(), r.out() + r.err());
            assertEquals("accept", r.out().strip());
        }
    }

    @Test
    void exportingTwiceWritesTheSameR1csAndWitness() throws IOException {
        Path[] r1cs = {dir.resolve("1.r1cs"), dir.resolve("2.r1cs")};
        Path[] wtns = {dir.resolve("1.wtns"), dir.resolve("2.wtns")};
        for (int i = 0; i < 2; i++) {
            ok("export", TINY.toString(), "--r1cs", r1cs[i].toString(), "--wtns", wtns[i].toString(),
                    "--input", TINY_INPUT.toString());
        }
        assertArrayEquals(bytes(r1cs[0]), bytes(r1cs[1]), ".r1cs");
        assertArrayEquals(bytes(wtns[0]), bytes(wtns[1]), ".wtns");
    }
}
