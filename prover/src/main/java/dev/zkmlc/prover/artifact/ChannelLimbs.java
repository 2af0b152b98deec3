package dev.zkmlc.prover.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.Checksum;

/**
 * The polynomial section of a proving key file read straight from the file in chunks into the prover's limb
 * arrays, so that the key's largest part never sits in memory twice (as file bytes and as limbs).
 */
final class ChannelLimbs implements LimbSource {
    private static final int CHUNK = 1 << 20;

    private final FileChannel channel;
    private final String file;
    private long pos;
    private final ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);

    ChannelLimbs(FileChannel channel, long from, String file) {
        this.channel = channel;
        this.pos = from;
        this.file = file;
    }

    @Override
    public long[] limbs(int count, String what, Checksum crc) {
        long[] out = new long[Math.multiplyExact(4, count)];
        int done = 0;
        while (done < out.length) {
            int longs = Math.min(CHUNK / 8, out.length - done);
            fill(8 * longs, what);
            crc.update(buf.array(), 0, 8 * longs);
            buf.asLongBuffer().get(out, done, longs);
            done += longs;
        }
        return out;
    }

    @Override
    public int u32(String what) {
        fill(4, what);
        return buf.order(ByteOrder.BIG_ENDIAN).getInt(0);
    }

    @Override
    public void end() {
        try {
            if (pos != channel.size()) {
                throw new ArtifactFormatException(file + ": " + (channel.size() - pos) + " unexpected trailing bytes (at byte "
                        + pos + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next bytes into buf[0, bytes). */
    private void fill(int bytes, String what) {
        buf.clear().order(ByteOrder.LITTLE_ENDIAN).limit(bytes);
        try {
            while (buf.hasRemaining()) {
                int r = channel.read(buf, pos + buf.position());
                if (r < 0) {
                    throw new ArtifactFormatException(file + ": truncated: " + what + " at byte " + (pos + buf.position()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pos += bytes;
        buf.flip();
    }
}
