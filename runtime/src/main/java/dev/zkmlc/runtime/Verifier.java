package dev.zkmlc.runtime;

import dev.zkmlc.prover.artifact.KeyCodec;
import dev.zkmlc.prover.artifact.ProofCodec;
import dev.zkmlc.prover.plonk.Proof;
import dev.zkmlc.prover.plonk.VerifyingKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Verifies zkmlc proofs in a service, with a verifying key the build put on its classpath:
 * {@code Verifier.load("zkmlc/model/vk.bin").verify(proofBytes)}. A verifier is immutable and may be shared
 * between threads. Loading a missing or malformed key is the caller's error and throws
 * {@link VerifierException}; verifying answers for any proof bytes, never throws.
 */
public final class Verifier {
    private final VerifyingKey vk;
    private final String source;

    private Verifier(VerifyingKey vk, String source) {
        this.vk = vk;
        this.source = source;
    }

    /** The verifying key at a classpath resource path (no leading slash), as the zkmlc Maven plugin places it. */
    public static Verifier load(String resource) {
        return load(resource, defaultLoader());
    }

    /** The verifying key at a resource path of the given class loader. */
    public static Verifier load(String resource, ClassLoader loader) {
        Objects.requireNonNull(resource, "resource");
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new VerifierException(path + ": no such resource on the classpath"
                        + " (does the build run the zkmlc-maven-plugin's setup goal for this model?)");
            }
            return fromBytes(in.readAllBytes(), "classpath:" + path);
        } catch (IOException e) {
            throw new VerifierException(path + ": cannot read the verifying key: " + e.getMessage());
        }
    }

    /** The verifying key in a file (vk.bin from {@code zkmlc setup}). */
    public static Verifier load(Path vkFile) {
        try {
            return fromBytes(Files.readAllBytes(vkFile), vkFile.toString());
        } catch (IOException e) {
            throw new VerifierException(vkFile + ": cannot read the verifying key: " + e.getMessage());
        }
    }

    /** A verifying key's bytes; {@code source} names them in messages. */
    public static Verifier fromBytes(byte[] vkBytes, String source) {
        try {
            return new Verifier(KeyCodec.decodeVerifyingKey(vkBytes, source), source);
        } catch (RuntimeException e) {
            throw new VerifierException(e.getMessage());
        }
    }

    /** Checks a proof (the bytes of proof.bin) against the public values it carries. */
    public Result verify(byte[] proofBytes) {
        if (proofBytes == null) {
            return Result.reject("no proof");
        }
        Proof proof;
        try {
            proof = ProofCodec.decode(proofBytes, "proof");
        } catch (RuntimeException e) {
            return Result.reject(e.getMessage());
        }
        try {
            var verdict = dev.zkmlc.prover.plonk.Verifier.check(vk, proof, proof.instances());
            return verdict.accepted() ? Result.accept() : Result.reject(verdict.reason());
        } catch (RuntimeException e) {
            return Result.reject("malformed proof (" + e.getMessage() + ")");
        }
    }

    /** Checks the proof in a file. */
    public Result verify(Path proofFile) {
        try {
            return verify(Files.readAllBytes(proofFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the key comes from a development SRS (known secret): its proofs convince no one but tests. */
    public boolean development() {
        return vk.development();
    }

    /** Where the key came from (a file or a classpath resource). */
    public String source() {
        return source;
    }

    private static ClassLoader defaultLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Verifier.class.getClassLoader();
    }

    /** The answer: accepted, or rejected with the reason. */
    public record Result(boolean accepted, String reason) {
        static Result accept() {
            return new Result(true, "accepted");
        }

        static Result reject(String reason) {
            return new Result(false, reason);
        }
    }
}
