package dev.zkmlc.prover.artifact;

/**
 * A key or proof file that cannot be read: not a zkmlc artifact of that kind (bad magic), a format version this
 * build does not read, truncated or malformed content, or a key made for another circuit or SRS. The message
 * says which, and where; callers print it as is.
 */
public class ArtifactFormatException extends RuntimeException {
    public ArtifactFormatException(String message) {
        super(message);
    }
}
