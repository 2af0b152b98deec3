package dev.zkmlc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's archive training must stay a journey every command of which succeeds, or the archive misses classes. */
class ClassArchiveTrainingTest {
    @TempDir
    Path dir;

    @Test
    void everyStepOfTheJourneySucceedsAndLeavesAVerifiedProof() throws IOException {
        assertNull(ClassArchiveTraining.run(dir));
        assertTrue(Files.size(dir.resolve("proof").resolve("proof.bin")) > 0);
        ZkmlcTest.Run verify = ZkmlcTest.zkmlc("verify", "--vk", dir.resolve("keys").resolve("vk.bin").toString(),
                "--proof", dir.resolve("proof").resolve("proof.bin").toString());
        assertEquals("accept", verify.out().strip(), verify.err());
        ZkmlcTest.Run big = ZkmlcTest.zkmlc("verify", "--vk", dir.resolve("big-keys").resolve("vk.bin").toString(),
                "--proof", dir.resolve("big-proof").resolve("proof.bin").toString());
        assertEquals("accept", big.out().strip(), big.err());
    }

    @Test
    void theOnnxModelAndTheProgramImportWithTheSameOutputShape() {
        ZkmlcTest.Run onnx = ZkmlcTest.zkmlc("inspect", write("mlp.onnx", ClassArchiveTraining.onnxMlp().toByteArray()));
        ZkmlcTest.Run zk = ZkmlcTest.zkmlc("inspect", write("mlp.zk", ClassArchiveTraining.zkMlp().getBytes()));
        assertEquals(0, onnx.code(), onnx.err());
        assertEquals(0, zk.code(), zk.err());
        assertTrue(onnx.out().contains("[1, 3]") && zk.out().contains("[1, 3]"), onnx.out() + zk.out());
    }

    private String write(String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
