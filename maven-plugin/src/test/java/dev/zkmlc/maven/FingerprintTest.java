package dev.zkmlc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintTest {
    @Test
    void changesWithAnyInputAndOnlyThen(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.zk");
        Files.writeString(model, "model m {}");
        String a = new Fingerprint().text("-O 2").file(model).hex();
        assertEquals(a, new Fingerprint().text("-O 2").file(model).hex());
        assertNotEquals(a, new Fingerprint().text("-O 1").file(model).hex());
        // Field boundaries count: ("ab", "c") is not ("a", "bc").
        assertNotEquals(new Fingerprint().text("ab").text("c").hex(), new Fingerprint().text("a").text("bc").hex());
        Files.writeString(model, "model m { }");
        assertNotEquals(a, new Fingerprint().text("-O 2").file(model).hex());
    }

    @Test
    void aStampMatchesOnlyItsOwnFingerprint(@TempDir Path dir) throws Exception {
        Path stamp = dir.resolve("compile.sha256");
        assertFalse(Fingerprint.matches(stamp, "abc"));
        Files.writeString(stamp, "abc\n");
        assertTrue(Fingerprint.matches(stamp, "abc"));
        assertFalse(Fingerprint.matches(stamp, "abd"));
    }
}
