package dev.zkmlc.circuit.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Little-endian primitives for the binary body. The bytes go through a small buffer into a SHA-256
 * digest and, depending on the constructor, into memory ({@link #inMemory}), to a stream
 * ({@link #streaming}) or nowhere ({@link #digestOnly}); so hashing or writing a circuit of hundreds
 * of megabytes never holds its encoding in memory.
 */
final class Sink {
    private static final int BUFFER = 1 << 16;

    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private long length;
    private final MessageDigest digest;
    private final OutputStream stream;
    private byte[] memory;
    private int memoryLength;

    private Sink(OutputStream stream, boolean keep) {
        this.stream = stream;
        this.memory = keep ? new byte[1 << 12] : null;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Keeps the bytes; {@link #toByteArray} returns them. */
    static Sink inMemory() {
        return new Sink(null, true);
    }

    /** Writes the bytes to {@code out} (I/O failures surface as {@link UncheckedIOException}). */
    static Sink streaming(OutputStream out) {
        return new Sink(out, false);
    }

    /** Only hashes. */
    static Sink digestOnly() {
        return new Sink(null, false);
    }

    void u8(int v) {
        if (pos == BUFFER) {
            flush();
        }
        buf[pos++] = (byte) v;
    }

    void u32(int v) {
        if (pos + 4 > BUFFER) {
            flush();
        }
        for (int i = 0; i < 4; i++) {
            buf[pos++] = (byte) (v >>> (8 * i));
        }
    }

    void u64(long v) {
        if (pos + 8 > BUFFER) {
            flush();
        }
        for (int i = 0; i < 8; i++) {
            buf[pos++] = (byte) (v >>> (8 * i));
        }
    }

    /** Unsigned LEB128. */
    void varint(long v) {
        if (pos + 10 > BUFFER) {
            flush();
        }
        while ((v & ~0x7fL) != 0) {
            buf[pos++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    void bytes(byte[] b) {
        if (pos + b.length > BUFFER) {
            flush();
        }
        if (b.length > BUFFER) {
            consume(b, b.length);
            return;
        }
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u32(b.length);
        bytes(b);
    }

    /** Bytes written so far. */
    long length() {
        return length + pos;
    }

    /** SHA-256 of everything written; ends the sink. */
    byte[] sha256() {
        flush();
        return digest.digest();
    }

    byte[] toByteArray() {
        flush();
        return Arrays.copyOf(memory, memoryLength);
    }

    private void flush() {
        consume(buf, pos);
        pos = 0;
    }

    private void consume(byte[] b, int n) {
        if (n == 0) {
            return;
        }
        digest.update(b, 0, n);
        length += n;
        if (stream != null) {
            try {
                stream.write(b, 0, n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (memory != null) {
            if ((long) memoryLength + n > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("encoding larger than 2 GiB: write it to a file instead");
            }
            if (memoryLength + n > memory.length) {
                memory = Arrays.copyOf(memory, (int) Math.min(Integer.MAX_VALUE - 8,
                        Math.max((long) memoryLength + n, 2L * memory.length)));
            }
            System.arraycopy(b, 0, memory, memoryLength, n);
            memoryLength += n;
        }
    }
}
