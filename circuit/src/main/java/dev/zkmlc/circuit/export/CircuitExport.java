package dev.zkmlc.circuit.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.cs.Gate;
import dev.zkmlc.circuit.cs.Lookup;
import dev.zkmlc.circuit.cs.Witness;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Writes and reads the versioned circuit export: a constraint system (columns, gates as expression
 * trees, lookups, copies, regions, fixed values) and optionally a witness, as JSON (readable, for
 * small circuits) or a compact binary (for large ones). The format is specified in
 * docs/circuit-format.md.
 *
 * <p>Both encodings carry the same content hash, the SHA-256 of the canonical binary body, so a
 * circuit is identified the same way however it is stored. Output is deterministic: the same circuit
 * gives a byte-identical file. Reading refuses a wrong magic, an unknown version, a hash mismatch or
 * malformed content with a {@link CircuitFormatException} whose message names the file and the
 * problem; it never lets another exception escape.
 */
public final class CircuitExport {
    /** First 8 bytes of a binary circuit file. */
    public static final String MAGIC = "ZKMLCIRC";
    /** The "format" field of a JSON circuit file. */
    public static final String JSON_FORMAT = "zkmlc-circuit";
    public static final int VERSION = 3;
    /** {@link Encoding#auto} picks JSON up to this many cells (rows used times columns). */
    public static final long JSON_MAX_CELLS = 1L << 16;

    private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 8 + 4 + 32 + 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CircuitExport() {
    }

    public enum Encoding {
        JSON,
        BINARY;

        /**
         * JSON for small circuits (at most {@link #JSON_MAX_CELLS} cells, expressions shallow enough
         * for JSON readers), binary otherwise.
         */
        public static Encoding auto(ConstraintSystem cs, Witness witness) {
            long columns = cs.advice().size() + cs.fixed().size() + cs.instance().size();
            long rows = Math.max(cs.rowsUsed(), witness == null ? 0 : witness.rowsUsed());
            if (rows * columns > JSON_MAX_CELLS || !jsonDepthOk(cs)) {
                return BINARY;
            }
            return JSON;
        }
    }

    /** The content hash (lowercase hex SHA-256 of the canonical binary body); {@code witness} may be null. */
    public static String contentHash(ConstraintSystem cs, Witness witness) {
        Sink s = Sink.digestOnly();
        BinaryBody.encode(cs, witness, s);
        return HexFormat.of().formatHex(s.sha256());
    }

    public static byte[] encode(ConstraintSystem cs, Witness witness, Encoding encoding) {
        return encoding == Encoding.JSON ? toJson(cs, witness).getBytes(StandardCharsets.UTF_8) : toBinary(cs, witness);
    }

    /** The binary form; {@code witness} may be null. */
    public static byte[] toBinary(ConstraintSystem cs, Witness witness) {
        byte[] body = BinaryBody.encode(cs, witness);
        Sink s = Sink.inMemory();
        s.bytes(MAGIC_BYTES);
        s.u32(VERSION);
        s.bytes(sha256(body));
        s.u64(body.length);
        s.bytes(body);
        return s.toByteArray();
    }

    /** The JSON form; {@code witness} may be null. */
    public static String toJson(ConstraintSystem cs, Witness witness) {
        if (!jsonDepthOk(cs)) {
            throw new IllegalArgumentException("an expression is nested deeper than "
                    + JsonBody.MAX_JSON_EXPRESSION_DEPTH + " levels; use the binary encoding");
        }
        ObjectNode root = JsonBody.encode(cs, witness, contentHash(cs, witness));
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return JSON.writer(pp).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON tree could not be written", e);
        }
    }

    /**
     * Writes the file and returns its content hash (as {@link #contentHash}). The binary encoding
     * streams: the body goes to disk while it is hashed, and the header is written last.
     */
    public static String write(Path path, ConstraintSystem cs, Witness witness, Encoding encoding) throws IOException {
        if (encoding == Encoding.JSON) {
            Files.writeString(path, toJson(cs, witness), StandardCharsets.UTF_8);
            return contentHash(cs, witness); // small by construction (Encoding.auto)
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.position(HEADER);
            OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            Sink body = Sink.streaming(os);
            try {
                BinaryBody.encode(cs, witness, body);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            byte[] hash = body.sha256();
            os.flush();
            Sink header = Sink.inMemory();
            header.bytes(MAGIC_BYTES);
            header.u32(VERSION);
            header.bytes(hash);
            header.u64(body.length());
            ByteBuffer hb = ByteBuffer.wrap(header.toByteArray());
            long at = 0;
            while (hb.hasRemaining()) {
                at += ch.write(hb, at);
            }
            return HexFormat.of().formatHex(hash);
        }
    }

    /** Reads a file in either encoding (told apart by its first bytes). */
    public static CircuitFile read(Path path) {
        byte[] data;
        try {
            data = Files.readAllBytes(path);
        } catch (IOException | UncheckedIOException e) {
            throw new CircuitFormatException(path + ": cannot read (" + e.getMessage() + ")");
        }
        return read(data, path.toString());
    }

    /** Reads bytes in either encoding; {@code source} names them in error messages. */
    public static CircuitFile read(byte[] data, String source) {
        try {
            if (data.length >= MAGIC_BYTES.length && Arrays.equals(data, 0, MAGIC_BYTES.length, MAGIC_BYTES, 0, MAGIC_BYTES.length)) {
                return readBinary(data);
            }
            int i = 0;
            while (i < data.length && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t')) {
                i++;
            }
            if (i < data.length && data[i] == '{') {
                return readJson(data);
            }
            throw new CircuitFormatException("not a zkmlc circuit file (bad magic)");
        } catch (CircuitFormatException e) {
            throw new CircuitFormatException(source + ": " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // Defensive: the decoders check everything they read, but a reader must never crash the tool.
            throw new CircuitFormatException(source + ": malformed circuit file (" + e + ")");
        }
    }

    private static CircuitFile readBinary(byte[] data) {
        Source in = new Source(data, MAGIC_BYTES.length, data.length);
        int version = in.u32("version");
        if (version != VERSION) {
            throw new CircuitFormatException("unsupported circuit format version " + Integer.toUnsignedString(version)
                    + " (this zkmlc reads version " + VERSION + ")");
        }
        byte[] hash = in.bytes(32, "content hash");
        long length = in.u64("body length");
        if (length != data.length - HEADER) {
            throw new CircuitFormatException("truncated or padded: header says " + length + " body bytes, file has "
                    + (data.length - HEADER));
        }
        byte[] actual = sha256(Arrays.copyOfRange(data, HEADER, data.length));
        if (!MessageDigest.isEqual(hash, actual)) {
            throw new CircuitFormatException("content hash mismatch: the file is corrupt or was modified");
        }
        BinaryBody.Content c = BinaryBody.decode(data, HEADER, data.length);
        return new CircuitFile(c.cs(), Optional.ofNullable(c.witness()), HexFormat.of().formatHex(hash));
    }

    private static CircuitFile readJson(byte[] data) {
        JsonNode root;
        try {
            root = JSON.readTree(data);
        } catch (JsonProcessingException e) {
            throw new CircuitFormatException("not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new CircuitFormatException("not valid JSON (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject() || !JSON_FORMAT.equals(root.path("format").asText(null))) {
            throw new CircuitFormatException("not a zkmlc circuit file (bad magic: no \"format\": \"" + JSON_FORMAT + "\")");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isIntegralNumber() || version.asLong() != VERSION) {
            throw new CircuitFormatException("unsupported circuit format version " + version
                    + " (this zkmlc reads version " + VERSION + ")");
        }
        JsonNode hash = root.get("sha256");
        if (hash == null || !hash.isTextual()) {
            throw new CircuitFormatException("missing content hash (\"sha256\")");
        }
        BinaryBody.Content c = JsonBody.decode(root);
        String actual = contentHash(c.cs(), c.witness());
        if (!actual.equals(hash.asText())) {
            throw new CircuitFormatException("content hash mismatch: the file is corrupt or was modified");
        }
        return new CircuitFile(c.cs(), Optional.ofNullable(c.witness()), actual);
    }

    private static boolean jsonDepthOk(ConstraintSystem cs) {
        List<Expression> all = new ArrayList<>();
        for (Gate g : cs.gates()) {
            all.addAll(g.constraints());
        }
        for (Lookup l : cs.lookups()) {
            all.addAll(l.inputs());
            l.segments().forEach(all::addAll);
        }
        for (Expression e : all) {
            if (JsonBody.depth(e) > JsonBody.MAX_JSON_EXPRESSION_DEPTH) {
                return false;
            }
        }
        return true;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
