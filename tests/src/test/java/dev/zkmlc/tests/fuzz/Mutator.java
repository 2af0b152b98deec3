package dev.zkmlc.tests.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Byte-level mutations of a valid input, as a coverage-blind fuzzer makes them: bit flips,
 * interesting byte values, little-endian integers at their extremes (lengths, counts, offsets),
 * truncation, and deleting, duplicating or splicing chunks; for text formats also tokens of a
 * dictionary inserted, or put in the place of a word or number. Each result stays under a size
 * bound.
 */
final class Mutator {
    static final int MAX_SIZE = 1 << 20;
    private static final byte[] INTERESTING = {0, 1, -1, 0x7f, (byte) 0x80, 0x20, '"', '{', '[', ',', ':', '-', '9', 'e', '\n'};
    private static final long[] INTERESTING_INTS = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xffff, 1L << 31,
            Long.MAX_VALUE, Long.MIN_VALUE, 255, 256, 65536, 1 << 28};

    private Mutator() {}

    /** One to four stacked mutations of the input. */
    static byte[] mutate(byte[] in, Random r) {
        return mutate(in, r, List.of());
    }

    /** One to four stacked mutations of the input, a third of them with a token of the dictionary when it has any. */
    static byte[] mutate(byte[] in, Random r, List<String> dictionary) {
        byte[] b = in;
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            b = !dictionary.isEmpty() && r.nextInt(3) == 0 ? token(b, r, dictionary) : once(b, r);
        }
        return b.length > MAX_SIZE ? Arrays.copyOf(b, MAX_SIZE) : b;
    }

    /** A dictionary token inserted at a random place, or put in the place of the word or number there. */
    private static byte[] token(byte[] b, Random r, List<String> dictionary) {
        byte[] t = dictionary.get(r.nextInt(dictionary.size())).getBytes(StandardCharsets.UTF_8);
        int at = b.length == 0 ? 0 : r.nextInt(b.length);
        int end = at;
        if (r.nextBoolean()) {
            while (at > 0 && isWordByte(b[at - 1])) {
                at--;
            }
            while (end < b.length && isWordByte(b[end])) {
                end++;
            }
        }
        byte[] d = new byte[b.length - (end - at) + t.length];
        System.arraycopy(b, 0, d, 0, at);
        System.arraycopy(t, 0, d, at, t.length);
        System.arraycopy(b, end, d, at + t.length, b.length - end);
        return d;
    }

    private static boolean isWordByte(byte c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '.';
    }

    private static byte[] once(byte[] b, Random r) {
        if (b.length == 0) {
            return random(r, 1 + r.nextInt(64));
        }
        byte[] c = b.clone();
        int at = r.nextInt(b.length);
        switch (r.nextInt(8)) {
            case 0:
                c[at] ^= (byte) (1 << r.nextInt(8));
                return c;
            case 1:
                c[at] = INTERESTING[r.nextInt(INTERESTING.length)];
                return c;
            case 2: {
                long v = INTERESTING_INTS[r.nextInt(INTERESTING_INTS.length)];
                int width = r.nextBoolean() ? 4 : 8;
                for (int i = 0; i < width && at + i < c.length; i++) {
                    c[at + i] = (byte) (v >>> (8 * i));
                }
                return c;
            }
            case 3:
                return Arrays.copyOf(b, at);
            case 4: {
                int len = 1 + r.nextInt(Math.min(64, b.length - at));
                byte[] d = new byte[b.length - len];
                System.arraycopy(b, 0, d, 0, at);
                System.arraycopy(b, at + len, d, at, b.length - at - len);
                return d;
            }
            case 5: {
                int len = 1 + r.nextInt(Math.min(64, b.length - at));
                byte[] d = new byte[b.length + len];
                System.arraycopy(b, 0, d, 0, at + len);
                System.arraycopy(b, at, d, at + len, b.length - at);
                return d;
            }
            case 6: {
                int len = 1 + r.nextInt(16);
                for (int i = 0; i < len && at + i < c.length; i++) {
                    c[at + i] = (byte) r.nextInt(256);
                }
                return c;
            }
            default: {
                int from = r.nextInt(b.length);
                int len = 1 + r.nextInt(Math.min(32, b.length - from));
                byte[] d = new byte[b.length + len];
                System.arraycopy(b, 0, d, 0, at);
                System.arraycopy(b, from, d, at, len);
                System.arraycopy(b, at, d, at + len, b.length - at);
                return d;
            }
        }
    }

    static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
