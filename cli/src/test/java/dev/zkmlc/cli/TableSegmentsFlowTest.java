package dev.zkmlc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose sigmoid table is far larger than its logic: --table-segments forces how many segments the table is
 * spread over, -O2 chooses it, and setup, prove and verify work on the split table under both backends.
 */
class TableSegmentsFlowTest {
    static final Path MODEL = Path.of("src", "test", "resources", "segments.zk");

    @TempDir
    static Path dir;

    static Path ptau;

    @BeforeAll
    static void devSrs() {
        ptau = dir.resolve("dev.ptau");
        ok(ZkmlcTest.zkmlc("srs", "--dev", "-k", "11", "-o", ptau.toString()));
    }

    private static void ok(ZkmlcTest.Run r) {
        assertEquals(0, r.code(), r.out() + r.err());
    }

    private static JsonNode circuit(String... options) throws IOException {
        String[] args = new String[options.length + 4];
        args[0] = "compile";
        args[1] = MODEL.toString();
        args[2] = "--json";
        args[3] = "--no-write";
        System.arraycopy(options, 0, args, 4, options.length);
        ZkmlcTest.Run r = ZkmlcTest.zkmlc(args);
        ok(r);
        return new ObjectMapper().readTree(r.out()).get("circuit");
    }

    @Test
    void theReportShowsTheSegmentsForcedOrChosen() throws IOException {
        JsonNode three = circuit("--backend", "halo2", "--table-segments", "3");
        assertEquals(3, three.get("tableSegments").asInt());
        assertTrue(three.get("rows").asText().contains("in 3 segments of"), three.toString());
        assertTrue(three.get("plan").asText().contains("table in 3 segments"), three.toString());
        JsonNode one = circuit("--backend", "halo2", "--table-segments", "1");
        assertEquals(1, one.get("tableSegments").asInt());
        JsonNode chosen = circuit("--backend", "plonk");
        assertTrue(chosen.get("tableSegments").asInt() > 1, chosen.toString());
        assertTrue(chosen.get("k").asInt() < one.get("k").asInt(), chosen + " vs " + one);
        ZkmlcTest.Run bad = ZkmlcTest.zkmlc("compile", MODEL.toString(), "--no-write", "--table-segments", "0");
        assertEquals(2, bad.code(), bad.out() + bad.err());
    }

    @Test
    void theMockProverAcceptsEverySegmentCountWithTheInterpretersOutputs() {
        for (String backend : new String[] {"halo2", "plonk"}) {
            for (String s : new String[] {"2", "5"}) {
                ZkmlcTest.Run r = ZkmlcTest.zkmlc("mock", MODEL.toString(), "--backend", backend, "--table-segments", s,
                        "--input", ProveFlowTest.TINY_INPUT.toString());
                ok(r);
                assertTrue(r.out().contains("outputs equal the exact interpreter's bit for bit"), r.out());
            }
        }
    }

    @Test
    void setupProveAndVerifyASplitTableUnderBothBackends() throws IOException {
        for (String backend : new String[] {"halo2", "plonk"}) {
            Path out = dir.resolve("out-" + backend);
            ok(ZkmlcTest.zkmlc("setup", MODEL.toString(), "--backend", backend, "--table-segments", "8", "--srs",
                    ptau.toString(), "-o", out.toString()));
            LayoutPin pin = LayoutPin.read(out.resolve(LayoutPin.FILE)).orElseThrow();
            assertEquals(8, pin.layout().tableSegments());
            ok(ZkmlcTest.zkmlc("prove", MODEL.toString(), "--backend", backend, "--table-segments", "8", "--pk",
                    out.resolve("pk.bin").toString(), "--input", ProveFlowTest.TINY_INPUT.toString(), "-o", out.toString()));
            ZkmlcTest.Run v = ZkmlcTest.zkmlc("verify", "--vk", out.resolve("vk.bin").toString(), "--proof",
                    out.resolve("proof.bin").toString());
            assertEquals(0, v.code(), v.out() + v.err());
            assertEquals("accept", v.out().strip());
            // The same key refuses a circuit with another number of segments (another circuit).
            ZkmlcTest.Run other = ZkmlcTest.zkmlc("prove", MODEL.toString(), "--backend", backend, "--table-segments", "7",
                    "--pk", out.resolve("pk.bin").toString(), "--input", ProveFlowTest.TINY_INPUT.toString(), "-o",
                    dir.resolve("other-" + backend).toString());
            assertEquals(3, other.code(), other.out() + other.err());
        }
    }
}
