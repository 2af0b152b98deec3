package dev.zkmlc.circuit.export;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/** Bounds-checked little-endian reads; every failure is a {@link CircuitFormatException} naming the offset. */
final class Source {
    private final byte[] data;
    private int pos;
    private final int end;

    Source(byte[] data, int from, int end) {
        this.data = data;
        this.pos = from;
        this.end = end;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    CircuitFormatException error(String what) {
        return new CircuitFormatException("malformed circuit file at byte " + pos + ": " + what);
    }

    private void need(int n, String what) {
        if (n < 0 || end - pos < n) {
            throw error("truncated (" + what + ")");
        }
    }

    int u8(String what) {
        need(1, what);
        return data[pos++] & 0xff;
    }

    int u32(String what) {
        need(4, what);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (data[pos++] & 0xff) << (8 * i);
        }
        return v;
    }

    long u64(String what) {
        need(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (data[pos++] & 0xffL) << (8 * i);
        }
        return v;
    }

    /** A count of items that each take at least one byte: bounded by what is left, so no huge allocation. */
    int count(String what) {
        int n = u32(what);
        if (n < 0 || n > remaining()) {
            throw error(what + " count " + Integer.toUnsignedString(n) + " exceeds the remaining " + remaining() + " bytes");
        }
        return n;
    }

    long varint(String what) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8(what);
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw error("varint too long (" + what + ")");
    }

    byte[] bytes(int n, String what) {
        need(n, what);
        byte[] b = new byte[n];
        System.arraycopy(data, pos, b, 0, n);
        pos += n;
        return b;
    }

    String string(String what) {
        int n = u32(what);
        need(n, what);
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data, pos, n)).toString();
            pos += n;
            return s;
        } catch (CharacterCodingException e) {
            throw error("invalid UTF-8 in " + what);
        }
    }
}
