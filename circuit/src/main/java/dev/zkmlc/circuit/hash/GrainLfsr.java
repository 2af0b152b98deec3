package dev.zkmlc.circuit.hash;

import java.math.BigInteger;

/**
 * The Grain-based pseudo-random bit source that the Poseidon paper (Grassi et al., eprint 2019/458,
 * appendix F) uses to derive round constants and MDS matrices, so that anyone can regenerate them
 * from the instance description alone.
 *
 * <p>An 80-bit LFSR with feedback b[i+80] = b[i+62] ^ b[i+51] ^ b[i+38] ^ b[i+23] ^ b[i+13] ^ b[i],
 * seeded with the instance, clocked 160 times to discard its start, then read through the
 * self-shrinking rule: of each pair of fresh bits (a, b), output b if a is 1, and nothing otherwise.
 */
final class GrainLfsr {
    private static final int SIZE = 80;

    /** Ring buffer of the 80 state bits; {@code head} indexes the oldest one (b[i]). */
    private final boolean[] state = new boolean[SIZE];
    private int head;

    /**
     * Seeds the register with the instance: field kind (2 bits, 1 = prime field), S-box kind (4 bits,
     * 0 = x^alpha), field size in bits (12), width t (12), full rounds (10), partial rounds (10),
     * then 30 one-bits; each field is written most significant bit first.
     */
    GrainLfsr(int fieldBits, int width, int fullRounds, int partialRounds) {
        int pos = 0;
        pos = put(pos, 1, 2);
        pos = put(pos, 0, 4);
        pos = put(pos, fieldBits, 12);
        pos = put(pos, width, 12);
        pos = put(pos, fullRounds, 10);
        pos = put(pos, partialRounds, 10);
        put(pos, (1 << 30) - 1, 30);
        for (int i = 0; i < 160; i++) {
            clock();
        }
    }

    private int put(int pos, int value, int bits) {
        if (value < 0 || value >= (1 << bits)) {
            throw new IllegalArgumentException("value " + value + " does not fit the " + bits + "-bit seed field");
        }
        for (int i = bits - 1; i >= 0; i--) {
            state[pos++] = ((value >>> i) & 1) == 1;
        }
        return pos;
    }

    private boolean bit(int offset) {
        return state[(head + offset) % SIZE];
    }

    private boolean clock() {
        boolean next = bit(62) ^ bit(51) ^ bit(38) ^ bit(23) ^ bit(13) ^ bit(0);
        state[head] = next; // the oldest bit leaves, the new one enters as b[i+80]
        head = (head + 1) % SIZE;
        return next;
    }

    /** The next output bit of the self-shrinking generator. */
    boolean nextBit() {
        while (true) {
            boolean keep = clock();
            boolean value = clock();
            if (keep) {
                return value;
            }
        }
    }

    /** The next {@code bits} output bits read as an unsigned integer, first bit most significant. */
    BigInteger nextBits(int bits) {
        byte[] bigEndian = new byte[(bits + 7) / 8];
        for (int i = bits - 1; i >= 0; i--) {
            if (nextBit()) {
                bigEndian[bigEndian.length - 1 - i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return new BigInteger(1, bigEndian);
    }

    /** A uniform element of [0, modulus): draws of {@code bits} bits that reach the modulus are discarded. */
    BigInteger nextBelow(BigInteger modulus, int bits) {
        while (true) {
            BigInteger v = nextBits(bits);
            if (v.compareTo(modulus) < 0) {
                return v;
            }
        }
    }
}
