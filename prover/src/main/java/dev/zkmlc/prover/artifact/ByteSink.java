package dev.zkmlc.prover.artifact;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.curve.G2Affine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Appends the primitive encodings of the artifact formats (integers big-endian; see docs/prover.md). */
final class ByteSink {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ByteSink u8(int v) {
        out.write(v);
        return this;
    }

    ByteSink u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    ByteSink u32(int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    ByteSink i64(long v) {
        u32((int) (v >>> 32));
        return u32((int) v);
    }

    ByteSink bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** u32 length, then the bytes. */
    ByteSink blob(byte[] b) {
        u32(b.length);
        return bytes(b);
    }

    /** u16 length, then UTF-8. */
    ByteSink string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xffff) {
            throw new IllegalArgumentException("name longer than 65535 bytes");
        }
        u16(b.length);
        return bytes(b);
    }

    /** 32 bytes, canonical little-endian. */
    ByteSink fr(Fr x) {
        return bytes(x.toBytesLE());
    }

    /** 64 bytes uncompressed (zeros for infinity). */
    ByteSink g1(G1Affine p) {
        return bytes(p.toUncompressed());
    }

    /** 128 bytes uncompressed. */
    ByteSink g2(G2Affine p) {
        return bytes(p.toUncompressed());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
