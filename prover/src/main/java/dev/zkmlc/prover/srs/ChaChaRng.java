package dev.zkmlc.prover.srs;

/**
 * The deterministic generator snarkjs derives its Powers-of-Tau points from (ffjavascript's {@code ChaCha}): the
 * ChaCha20 block function keyed by eight 32-bit seed words, with a 128-bit block counter starting at zero in words
 * 12-15 (no nonce), read out one 32-bit word at a time in state order. Its stream is the RFC 7539 key stream for the
 * seed words as the little-endian key and a zero nonce, as long as the counter stays below 2^32.
 */
final class ChaChaRng {
    private static final int[] SIGMA = {0x61707865, 0x3320646E, 0x79622D32, 0x6B206574};

    private final int[] state = new int[16];
    private final int[] block = new int[16];
    private int next = 16;

    ChaChaRng(int[] seed) {
        if (seed.length != 8) {
            throw new IllegalArgumentException("a ChaCha seed is 8 words, got " + seed.length);
        }
        System.arraycopy(SIGMA, 0, state, 0, 4);
        System.arraycopy(seed, 0, state, 4, 8);
    }

    /** Seeded as snarkjs seeds it from a hash: its first 32 bytes as eight big-endian words. */
    static ChaChaRng fromHash(byte[] hash) {
        int[] seed = new int[8];
        for (int i = 0; i < 8; i++) {
            seed[i] = ((hash[4 * i] & 0xff) << 24) | ((hash[4 * i + 1] & 0xff) << 16) | ((hash[4 * i + 2] & 0xff) << 8)
                    | (hash[4 * i + 3] & 0xff);
        }
        return new ChaChaRng(seed);
    }

    int nextU32() {
        if (next == 16) {
            refill();
        }
        return block[next++];
    }

    /** Two words, the first one the high half. */
    long nextU64() {
        long hi = nextU32() & 0xffffffffL;
        return (hi << 32) | (nextU32() & 0xffffffffL);
    }

    boolean nextBool() {
        return (nextU32() & 1) == 1;
    }

    private void refill() {
        System.arraycopy(state, 0, block, 0, 16);
        for (int i = 0; i < 10; i++) {
            quarterRound(block, 0, 4, 8, 12);
            quarterRound(block, 1, 5, 9, 13);
            quarterRound(block, 2, 6, 10, 14);
            quarterRound(block, 3, 7, 11, 15);
            quarterRound(block, 0, 5, 10, 15);
            quarterRound(block, 1, 6, 11, 12);
            quarterRound(block, 2, 7, 8, 13);
            quarterRound(block, 3, 4, 9, 14);
        }
        for (int i = 0; i < 16; i++) {
            block[i] += state[i];
        }
        next = 0;
        int w = 12;
        while (w < 16 && ++state[w] == 0) {
            w++;
        }
    }

    private static void quarterRound(int[] s, int a, int b, int c, int d) {
        s[a] += s[b];
        s[d] = Integer.rotateLeft(s[d] ^ s[a], 16);
        s[c] += s[d];
        s[b] = Integer.rotateLeft(s[b] ^ s[c], 12);
        s[a] += s[b];
        s[d] = Integer.rotateLeft(s[d] ^ s[a], 8);
        s[c] += s[d];
        s[b] = Integer.rotateLeft(s[b] ^ s[c], 7);
    }
}
