package dev.zkmlc.circuit.export;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Little-endian primitives for the binary body. */
final class Sink {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 12);

    void u8(int v) {
        out.write(v);
    }

    void u32(int v) {
        for (int i = 0; i < 4; i++) {
            out.write(v >>> (8 * i));
        }
    }

    void u64(long v) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)));
        }
    }

    /** Unsigned LEB128. */
    void varint(long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    void bytes(byte[] b) {
        out.write(b, 0, b.length);
    }

    void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u32(b.length);
        bytes(b);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
