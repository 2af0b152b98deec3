package dev.zkmlc.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 over everything an artifact was made from (files, options, the zkmlc version), written next
 * to the artifact: equal fingerprints mean the artifact is up to date and need not be made again.
 */
final class Fingerprint {
    private final MessageDigest digest;

    Fingerprint() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    Fingerprint text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        length(b.length);
        digest.update(b);
        return this;
    }

    /** A file's name and contents. */
    Fingerprint file(Path file) throws IOException {
        text(file.toString());
        length(Files.size(file));
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
        }
        return this;
    }

    /** A file too large to read each build (a ceremony .ptau): its name, size and modification time. */
    Fingerprint fileMetadata(Path file) throws IOException {
        text(file.toString());
        length(Files.size(file));
        length(Files.getLastModifiedTime(file).toMillis());
        return this;
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    private void length(long n) {
        for (int i = 0; i < 8; i++) {
            digest.update((byte) (n >>> (8 * i)));
        }
    }

    /** True when {@code stamp} holds exactly this fingerprint. */
    static boolean matches(Path stamp, String fingerprint) throws IOException {
        return Files.isRegularFile(stamp) && Files.readString(stamp).trim().equals(fingerprint);
    }
}
