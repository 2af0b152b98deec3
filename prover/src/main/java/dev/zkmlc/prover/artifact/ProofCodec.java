package dev.zkmlc.prover.artifact;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.prover.plonk.Proof;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Proof files: binary (magic, version, verifying-key digest, public values, transcript bytes; docs/prover.md)
 * and a JSON form carrying the same content with the public values as signed decimals.
 */
public final class ProofCodec {
    public static final String MAGIC = "ZKMLC-PF";
    public static final int VERSION = 1;
    /** Upper bound on the transcript bytes a reader accepts (a proof is a few kilobytes). */
    static final int MAX_PROOF_BYTES = 1 << 24;

    private ProofCodec() {
    }

    public static byte[] encode(Proof p) {
        ByteSink s = new ByteSink();
        s.bytes(MAGIC.getBytes(StandardCharsets.US_ASCII)).u16(VERSION);
        s.bytes(p.vkDigest());
        s.u32(p.instances().size());
        for (List<Fr> col : p.instances()) {
            s.u32(col.size());
            for (Fr v : col) {
                s.fr(v);
            }
        }
        s.blob(p.bytes());
        return s.toByteArray();
    }

    public static Proof decode(byte[] data, String file) {
        ByteSource in = new ByteSource(file, data);
        in.header(MAGIC, VERSION, "proof");
        byte[] digest = in.bytes(32, "verifying key digest");
        int cols = in.count("instance column count", in.remaining() / 4);
        List<List<Fr>> instances = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
            int len = in.count("public value count", in.remaining() / 32);
            List<Fr> col = new ArrayList<>();
            for (int i = 0; i < len; i++) {
                col.add(in.fr("public value"));
            }
            instances.add(col);
        }
        int len = in.count("proof length", Math.min(MAX_PROOF_BYTES, in.remaining()));
        byte[] bytes = in.bytes(len, "proof");
        in.end();
        return new Proof(digest, instances, bytes);
    }

    public static void write(Proof p, Path file) throws IOException {
        Files.write(file, encode(p));
    }

    public static Proof read(Path file) throws IOException {
        return decode(Files.readAllBytes(file), file.toString());
    }

    /**
     * {"format": "zkmlc-proof", "version": 1, "vk_digest": hex, "public_values": [[decimal, ...], ...],
     * "proof": hex}; public values are signed decimal strings (field elements above (r-1)/2 read as negative).
     */
    public static String toJson(Proof p) {
        return json(p);
    }

    /** Reads the JSON form back; anything malformed throws {@link ArtifactFormatException}. */
    public static Proof fromJson(String text, String file) {
        Object doc = MiniJson.parse(file, text);
        if (!(doc instanceof Map)) {
            throw new ArtifactFormatException(file + ": not a zkmlc proof (expected a JSON object)");
        }
        Map<?, ?> m = (Map<?, ?>) doc;
        if (!"zkmlc-proof".equals(m.get("format"))) {
            throw new ArtifactFormatException(file + ": not a zkmlc proof (\"format\" is not \"zkmlc-proof\")");
        }
        if (!Long.valueOf(VERSION).equals(m.get("version"))) {
            throw new ArtifactFormatException(file + ": proof format version " + m.get("version")
                    + " is not supported (this zkmlc reads version " + VERSION + ")");
        }
        byte[] digest = hex(m.get("vk_digest"), "vk_digest", file);
        if (digest.length != 32) {
            throw new ArtifactFormatException(file + ": \"vk_digest\" must be 32 bytes");
        }
        byte[] bytes = hex(m.get("proof"), "proof", file);
        Object pv = m.get("public_values");
        if (!(pv instanceof List)) {
            throw new ArtifactFormatException(file + ": \"public_values\" must be a list of lists");
        }
        List<List<Fr>> instances = new ArrayList<>();
        for (Object col : (List<?>) pv) {
            if (!(col instanceof List)) {
                throw new ArtifactFormatException(file + ": \"public_values\" must be a list of lists");
            }
            List<Fr> values = new ArrayList<>();
            for (Object v : (List<?>) col) {
                values.add(decimal(v, file));
            }
            instances.add(values);
        }
        return new Proof(digest, instances, bytes);
    }

    public static Proof readJson(Path file) throws IOException {
        return fromJson(Files.readString(file), file.toString());
    }

    private static byte[] hex(Object v, String key, String file) {
        if (!(v instanceof String)) {
            throw new ArtifactFormatException(file + ": \"" + key + "\" must be a hex string");
        }
        try {
            return HexFormat.of().parseHex((String) v);
        } catch (IllegalArgumentException e) {
            throw new ArtifactFormatException(file + ": \"" + key + "\" is not valid hex");
        }
    }

    /** A signed decimal string (or JSON integer) whose magnitude is below r. */
    private static Fr decimal(Object v, String file) {
        String text = v instanceof Long ? v.toString() : v instanceof String ? (String) v : null;
        if (text == null || !text.matches("-?[0-9]{1,78}")) {
            throw new ArtifactFormatException(file + ": public value " + v + " is not a decimal integer");
        }
        BigInteger x = new BigInteger(text);
        if (x.abs().compareTo(Fr.MODULUS) >= 0) {
            throw new ArtifactFormatException(file + ": public value " + text + " is not below the field order");
        }
        return Fr.of(x);
    }

    private static String json(Proof p) {
        HexFormat hex = HexFormat.of();
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"format\": \"zkmlc-proof\",\n  \"version\": ").append(VERSION).append(",\n");
        sb.append("  \"vk_digest\": \"").append(hex.formatHex(p.vkDigest())).append("\",\n");
        sb.append("  \"public_values\": [");
        for (int c = 0; c < p.instances().size(); c++) {
            sb.append(c == 0 ? "" : ", ").append('[');
            List<Fr> col = p.instances().get(c);
            for (int i = 0; i < col.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append('"').append(col.get(i)).append('"');
            }
            sb.append(']');
        }
        sb.append("],\n  \"proof\": \"").append(hex.formatHex(p.bytes())).append("\"\n}\n");
        return sb.toString();
    }
}
