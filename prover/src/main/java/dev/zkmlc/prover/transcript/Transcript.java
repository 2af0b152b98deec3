package dev.zkmlc.prover.transcript;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.prover.curve.G1Affine;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * A Fiat–Shamir transcript over Keccak-256 (the original Keccak padding, as Ethereum uses it).
 *
 * <p>Everything absorbed is appended, with a one-byte tag, to a buffer of pending bytes:
 * <ul>
 *   <li>a G1 point: tag {@code 0x01}, then its 64-byte uncompressed encoding (x then y, each 32 bytes
 *       big-endian; the point at infinity is 64 zero bytes);</li>
 *   <li>a scalar of F_r: tag {@code 0x02}, then its canonical value as 32 bytes big-endian;</li>
 *   <li>raw bytes: tag {@code 0x03}, then the length as 4 bytes big-endian, then the bytes.</li>
 * </ul>
 * A challenge is squeezed by hashing {@code state || pending || 0x04} into the new 32-byte state (the initial
 * state is Keccak-256 of the domain label), clearing the pending buffer, and reading the 64 bytes
 * {@code Keccak(state || 0x00) || Keccak(state || 0x01)} as a big-endian integer reduced mod r, whose bias
 * from uniform is below 2^-256. Consecutive challenges therefore differ even with nothing absorbed between them.
 */
public final class Transcript {
    private static final byte TAG_POINT = 0x01;
    private static final byte TAG_SCALAR = 0x02;
    private static final byte TAG_BYTES = 0x03;
    private static final byte TAG_SQUEEZE = 0x04;

    private byte[] state;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** A fresh transcript; the label separates protocols (and versions of one protocol). */
    public Transcript(String domainLabel) {
        this.state = keccak(domainLabel.getBytes(StandardCharsets.UTF_8));
    }

    public void absorb(G1Affine p) {
        pending.write(TAG_POINT);
        pending.writeBytes(p.toUncompressed());
    }

    public void absorb(Fr s) {
        pending.write(TAG_SCALAR);
        pending.writeBytes(scalarBytesBE(s));
    }

    public void absorb(byte[] bytes) {
        pending.write(TAG_BYTES);
        pending.writeBytes(int32(bytes.length));
        pending.writeBytes(bytes);
    }

    /** A challenge depending on everything absorbed so far and on every earlier challenge. */
    public Fr challenge() {
        pending.write(TAG_SQUEEZE);
        state = keccak(state, pending.toByteArray());
        pending.reset();
        byte[] wide = new byte[64];
        System.arraycopy(keccak(state, new byte[] {0}), 0, wide, 0, 32);
        System.arraycopy(keccak(state, new byte[] {1}), 0, wide, 32, 32);
        return Fr.of(new BigInteger(1, wide));
    }

    /** The canonical value of s as 32 bytes big-endian. */
    static byte[] scalarBytesBE(Fr s) {
        byte[] le = s.toBytesLE();
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = le[31 - i];
        }
        return be;
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** Keccak-256 of the concatenation of the parts. */
    public static byte[] keccak(byte[]... parts) {
        KeccakDigest d = new KeccakDigest(256);
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }
}
