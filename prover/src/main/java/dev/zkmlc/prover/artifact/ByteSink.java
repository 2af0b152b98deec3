package dev.zkmlc.prover.artifact;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.curve.G2Affine;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Appends the primitive encodings of the artifact formats (integers big-endian; see docs/prover.md). On a plain
 * growable array: a circuit's hash encodes every fixed value and copy of the circuit (megabytes, a few bytes at a
 * time), which {@code ByteArrayOutputStream}'s synchronized one-byte writes made several times slower.
 */
final class ByteSink {
    private byte[] buf = new byte[256];
    private int size;

    /** Room for n more bytes. */
    private void need(int n) {
        if (buf.length - size < n) {
            buf = Arrays.copyOf(buf, Math.max(Math.addExact(size, n), Math.min(2 * buf.length, Integer.MAX_VALUE - 8)));
        }
    }

    ByteSink u8(int v) {
        need(1);
        buf[size++] = (byte) v;
        return this;
    }

    ByteSink u16(int v) {
        need(2);
        buf[size] = (byte) (v >>> 8);
        buf[size + 1] = (byte) v;
        size += 2;
        return this;
    }

    ByteSink u32(int v) {
        need(4);
        buf[size] = (byte) (v >>> 24);
        buf[size + 1] = (byte) (v >>> 16);
        buf[size + 2] = (byte) (v >>> 8);
        buf[size + 3] = (byte) v;
        size += 4;
        return this;
    }

    ByteSink i64(long v) {
        u32((int) (v >>> 32));
        return u32((int) v);
    }

    ByteSink bytes(byte[] b) {
        need(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
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
        return Arrays.copyOf(buf, size);
    }

    /** Keccak-256 of the bytes so far (as {@code Transcript.keccak(toByteArray())}, without the copy). */
    byte[] keccak() {
        KeccakDigest d = new KeccakDigest(256);
        d.update(buf, 0, size);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }
}
