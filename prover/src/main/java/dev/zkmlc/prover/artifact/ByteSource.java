package dev.zkmlc.prover.artifact;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.curve.G2Affine;
import dev.zkmlc.prover.curve.PointFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the primitive encodings of {@link ByteSink}; any shortfall or invalid value throws
 * {@link ArtifactFormatException} naming the file, what was being read and the byte offset.
 */
final class ByteSource implements LimbSource {
    private final String file;
    private final byte[] data;
    private int pos;

    ByteSource(String file, byte[] data) {
        this.file = file;
        this.data = data;
    }

    /** The offset of the next byte to read. */
    int position() {
        return pos;
    }

    /** Feeds bytes [from, to) of the data, which must have been read already, to a digest. */
    void digest(org.bouncycastle.crypto.Digest d, int from, int to) {
        if (from < 0 || from > to || to > pos) {
            throw new IllegalArgumentException("bytes " + from + ".." + to + " have not been read (at byte " + pos + ")");
        }
        d.update(data, from, to - from);
    }

    int remaining() {
        return data.length - pos;
    }

    ArtifactFormatException error(String message) {
        return new ArtifactFormatException(file + ": " + message + " (at byte " + pos + ")");
    }

    private void need(int count, String what) {
        if (count < 0 || data.length - pos < count) {
            throw new ArtifactFormatException(file + ": truncated: " + what + " needs " + count + " bytes at byte " + pos
                    + ", only " + (data.length - pos) + " left");
        }
    }

    /** count elements of four raw little-endian limbs each (see {@link ByteSink#limbs}), fed to crc as read. */
    @Override
    public long[] limbs(int count, String what, java.util.zip.Checksum crc) {
        long len = 32L * count;
        if (len > Integer.MAX_VALUE) {
            throw error(what + ": " + count + " elements is too many");
        }
        need((int) len, what);
        long[] out = new long[4 * count];
        java.nio.ByteBuffer.wrap(data, pos, (int) len).order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
        crc.update(data, pos, (int) len);
        pos += (int) len;
        return out;
    }

    int u8(String what) {
        need(1, what);
        return data[pos++] & 0xff;
    }

    int u16(String what) {
        need(2, what);
        int v = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    @Override
    public int u32(String what) {
        need(4, what);
        int v = ((data[pos] & 0xff) << 24) | ((data[pos + 1] & 0xff) << 16) | ((data[pos + 2] & 0xff) << 8)
                | (data[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    /** A u32 count that must lie in [0, max]. */
    int count(String what, long max) {
        int start = pos;
        int v = u32(what);
        if (v < 0 || v > max) {
            pos = start;
            throw error(what + " " + Integer.toUnsignedString(v) + " is out of range (at most " + max + ")");
        }
        return v;
    }

    long i64(String what) {
        long hi = u32(what) & 0xffffffffL;
        long lo = u32(what) & 0xffffffffL;
        return (hi << 32) | lo;
    }

    byte[] bytes(int count, String what) {
        need(count, what);
        byte[] b = Arrays.copyOfRange(data, pos, pos + count);
        pos += count;
        return b;
    }

    byte[] blob(String what) {
        int len = count(what + " length", remaining());
        return bytes(len, what);
    }

    String string(String what) {
        int len = u16(what + " length");
        byte[] b = bytes(len, what);
        return new String(b, StandardCharsets.UTF_8);
    }

    Fr fr(String what) {
        int start = pos;
        byte[] b = bytes(32, what);
        try {
            return Fr.fromBytesLE(b);
        } catch (IllegalArgumentException e) {
            pos = start;
            throw error(what + ": " + e.getMessage());
        }
    }

    /** count G1 points, decoded (and checked on the curve) in parallel: a key holds tens of thousands. */
    G1Affine[] g1s(int count, String what, java.util.zip.Checksum crc) {
        int start = pos;
        byte[] b = bytes(Math.multiplyExact(count, 64), what);
        crc.update(b, 0, b.length);
        G1Affine[] out = new G1Affine[count];
        PointFormatException[] bad = new PointFormatException[count];
        java.util.stream.IntStream.range(0, count).parallel().forEach(i -> {
            try {
                out[i] = G1Affine.fromUncompressed(b, 64 * i);
            } catch (PointFormatException e) {
                bad[i] = e;
            }
        });
        for (int i = 0; i < count; i++) {
            if (bad[i] != null) {
                pos = start + 64 * i;
                throw error(what + ": " + bad[i].getMessage());
            }
        }
        return out;
    }

    G1Affine g1(String what) {
        int start = pos;
        byte[] b = bytes(64, what);
        try {
            return G1Affine.fromUncompressed(b);
        } catch (PointFormatException e) {
            pos = start;
            throw error(what + ": " + e.getMessage());
        }
    }

    G2Affine g2(String what) {
        int start = pos;
        byte[] b = bytes(128, what);
        try {
            G2Affine p = G2Affine.fromUncompressed(b);
            if (!p.infinity && !p.toJacobian().isInSubgroup()) {
                throw new PointFormatException("G2 point is not in the prime-order subgroup");
            }
            return p;
        } catch (PointFormatException e) {
            pos = start;
            throw error(what + ": " + e.getMessage());
        }
    }

    /** Checks the 8-byte magic and the u16 version. */
    void header(String magic, int version, String kind) {
        header(magic, version, version, kind);
    }

    /** Checks the magic and that the format version is within [oldest, newest]; returns the version. */
    int header(String magic, int oldest, int newest, String kind) {
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        if (data.length < m.length || !Arrays.equals(Arrays.copyOf(data, m.length), m)) {
            throw new ArtifactFormatException(file + ": not a zkmlc " + kind + " (bad magic)");
        }
        pos = m.length;
        int v = u16("format version");
        if (v < oldest || v > newest) {
            throw new ArtifactFormatException(file + ": " + kind + " format version " + v
                    + " is not supported (this zkmlc reads version " + (oldest == newest ? "" + oldest : oldest + " to " + newest) + ")");
        }
        return v;
    }

    @Override
    public void end() {
        if (pos != data.length) {
            throw error((data.length - pos) + " unexpected trailing bytes");
        }
    }
}
