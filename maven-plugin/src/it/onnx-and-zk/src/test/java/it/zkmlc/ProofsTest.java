package it.zkmlc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.runtime.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the service does with the build's keys: verify proofs with the verifying key from its classpath. */
class ProofsTest {
    @ParameterizedTest
    @CsvSource({"tinyonnx, tinyonnx", "tinyzk, sample"})
    void theBuildsProofVerifiesWithTheKeyOnTheClasspath(String model, String input) throws Exception {
        byte[] proof = Files.readAllBytes(Path.of("target/zkmlc", model, "proofs", input, "proof.bin"));
        Verifier verifier = Verifier.load("zkmlc/" + model + "/vk.bin");
        assertTrue(verifier.development(), "the sample project keys from a development SRS");
        Verifier.Result result = verifier.verify(proof);
        assertTrue(result.accepted(), result.reason());

        byte[] tampered = proof.clone();
        tampered[tampered.length - 1] ^= 1;
        assertFalse(verifier.verify(tampered).accepted());
    }

    @ParameterizedTest
    @CsvSource({"tinyonnx", "tinyzk"})
    void theCircuitIsOnTheClasspathToo(String model) {
        assertNotNull(getClass().getClassLoader().getResource("zkmlc/" + model + "/circuit.json"));
        assertNotNull(getClass().getClassLoader().getResource("zkmlc/" + model + "/report.json"));
    }
}
