package dev.zkmlc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole user journey on a tiny model: dev SRS, setup, prove, verify, and tampering. */
class ProveFlowTest {
    static final Path TINY = Path.of("src", "test", "resources", "tiny.zk");
    static final Path TINY_INPUT = Path.of("src", "test", "resources", "tiny.json");

    @TempDir
    static Path dir;

    static Path out;

    @BeforeAll
    static void setupAndProve() {
        Path ptau = dir.resolve("dev.ptau");
        out = dir.resolve("tiny-out");
        ok(ZkmlcTest.zkmlc("srs", "--dev", "-k", "9", "-o", ptau.toString()));
        ZkmlcTest.Run setup = ZkmlcTest.zkmlc("setup", TINY.toString(), "--table-bits", "6", "--srs", ptau.toString(), "-o",
                out.toString());
        ok(setup);
        // The dev file records a (known-secret) contribution that snarkjs accepts; zkmlc must still call it development.
        assertTrue(setup.err().contains("development SRS") && setup.err().contains("not for production"), setup.err());
        ok(ZkmlcTest.zkmlc("prove", TINY.toString(), "--table-bits", "6", "--pk", out.resolve("pk.bin").toString(),
                "--input", TINY_INPUT.toString(), "-o", out.toString()));
    }

    private static void ok(ZkmlcTest.Run r) {
        assertEquals(0, r.code(), r.out() + r.err());
    }

    private static ZkmlcTest.Run verify(Path vk, Path proof) {
        return ZkmlcTest.zkmlc("verify", "--vk", vk.toString(), "--proof", proof.toString());
    }

    @Test
    void honestProofIsAcceptedAndOutputsAreTheModelsOutputs() throws IOException {
        ZkmlcTest.Run r = verify(out.resolve("vk.bin"), out.resolve("proof.bin"));
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("accept", r.out().strip());
        assertTrue(r.err().contains("not for production"), r.err());
        JsonNode outputs = new ObjectMapper().readTree(out.resolve("outputs.json").toFile()).get("outputs").get("y");
        // relu([0.5, -0.25, 1, 0.75] @ w + [0.3, 0.2]) = [0.08125, 0.325], to the 2^-10 grid
        assertEquals(0.08125, outputs.get("data").get(0).asDouble(), 2e-3);
        assertEquals(0.325, outputs.get("data").get(1).asDouble(), 2e-3);
    }

    @Test
    void flippedBytesTruncationAndForeignFilesAreRejectedNotThrown() throws IOException {
        byte[] proof = Files.readAllBytes(out.resolve("proof.bin"));
        for (int i = 0; i < proof.length; i += Math.max(1, proof.length / 40)) {
            byte[] bad = proof.clone();
            bad[i] ^= 0x01;
            Path f = dir.resolve("bad-" + i + ".bin");
            Files.write(f, bad);
            ZkmlcTest.Run r = verify(out.resolve("vk.bin"), f);
            assertEquals(1, r.code(), "byte " + i + ": " + r.out() + r.err());
            assertTrue(r.out().startsWith("reject"), r.out());
        }
        Path truncated = dir.resolve("truncated.bin");
        Files.write(truncated, java.util.Arrays.copyOf(proof, proof.length / 2));
        assertEquals(1, verify(out.resolve("vk.bin"), truncated).code());
        ZkmlcTest.Run notAKey = verify(TINY, out.resolve("proof.bin"));
        assertEquals(1, notAKey.code());
        assertTrue(notAKey.out().contains("not a zkmlc verifying key"), notAKey.out());
    }

    @Test
    void aProvingKeyForAnotherCircuitIsRefusedBeforeProving() {
        // Fixed weights put the model into fixed columns: another circuit than the key's (the table size no longer
        // is, since tiny's range checks are all laid out in bits, without the table).
        ZkmlcTest.Run r = ZkmlcTest.zkmlc("prove", TINY.toString(), "--table-bits", "6", "--param-visibility", "fixed", "--pk",
                out.resolve("pk.bin").toString(), "--input", TINY_INPUT.toString(), "-o", dir.resolve("other").toString());
        assertEquals(3, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("made for another circuit"), r.err());
    }

    /**
     * setup leaves the layout it chose beside the keys, and prove compiles that layout without searching; a pin
     * that does not give the key's circuit, or that cannot be read, only costs the search it would have saved.
     */
    @Test
    void proveTakesTheLayoutSetupChoseAndSearchesWhenThePinIsWrongOrUnreadable() throws IOException {
        LayoutPin pin = LayoutPin.read(out.resolve(LayoutPin.FILE)).orElseThrow();
        assertTrue(pin.options().contains("--table-bits=6"), pin.options());
        assertEquals(6, pin.layout().tableBits());

        Path keys = dir.resolve("pinned-keys");
        Files.createDirectories(keys);
        Files.copy(out.resolve("pk.bin"), keys.resolve("pk.bin"));
        Files.copy(out.resolve("vk.bin"), keys.resolve("vk.bin"));
        String json = Files.readString(out.resolve(LayoutPin.FILE));
        String wider = json.replaceFirst("\"width\" : (\\d+)", "\"width\" : " + (pin.layout().width() + 1));
        for (String text : new String[] {wider, "{ not json"}) {
            Files.writeString(keys.resolve(LayoutPin.FILE), text);
            Path proofDir = dir.resolve("pinned-proof-" + text.length());
            ZkmlcTest.Run r = ZkmlcTest.zkmlc("prove", TINY.toString(), "--table-bits", "6", "--pk",
                    keys.resolve("pk.bin").toString(), "--input", TINY_INPUT.toString(), "-o", proofDir.toString());
            ok(r);
            long compiles = r.err().lines().filter(l -> l.startsWith("compile")).count();
            assertEquals(text.equals(wider) ? 2 : 1, compiles, r.err());
            assertEquals(0, verify(keys.resolve("vk.bin"), proofDir.resolve("proof.bin")).code());
        }
    }
}
