package dev.zkmlc.prover.srs;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.prover.curve.G1;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.curve.G2;
import dev.zkmlc.prover.curve.G2Affine;
import dev.zkmlc.prover.field.Fq;
import dev.zkmlc.prover.field.Fq2;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * One contribution record of a .ptau file's section 7, as {@code snarkjs powersoftau verify} checks it, for a
 * contribution made from the initial (generator-only) accumulator with known secrets τ, α and β.
 *
 * <p>The record: [τ]₁, [τ]₂, [α]₁, [β]₁, [β]₂; the public key, which for each secret x (personalisation 0 for τ,
 * 1 for α, 2 for β) is [s]₁, [s·x]₁ and [x]·sp with sp ∈ G2 hashed from the previous challenge and the two G1
 * points (a proof of knowledge of x: the verifier recomputes sp and checks e([s]₁, [x·sp]₂) = e([s·x]₁, sp));
 * a 216-byte Blake2b state from which the response hash is finished by absorbing the public key; the next
 * challenge (Blake2b-512 of the response hash and every point of sections 2-6); type 0; and its parameters, here
 * the name. Points are in the file's Montgomery little-endian form; every hashed point is in the uncompressed
 * big-endian form (G2: x.c1‖x.c0‖y.c1‖y.c0).
 *
 * <p>There is no response file behind a development contribution (its points are computed from the secrets), so
 * the response hash is defined as Blake2b-512(previous challenge ‖ public key): the stored state is Blake2b-512's
 * initial state with the 64-byte challenge buffered and nothing compressed yet.
 */
final class PtauContribution {
    /** The name development files carry; {@link PtauFile#read} treats a last contribution so named as development. */
    static final String DEVELOPMENT_NAME = "zkmlc development SRS: known secret, NOT FOR PRODUCTION";
    static final String DEVELOPMENT_MARKER = "zkmlc development SRS";

    static final int G1_BYTES = 64;
    static final int G2_BYTES = 128;
    static final int PUBLIC_KEY_BYTES = 6 * G1_BYTES + 3 * G2_BYTES;
    static final int PARTIAL_HASH_BYTES = 216;
    /** The fixed-size part of a record, before its u32 parameter length. */
    static final int FIXED_BYTES = 3 * G1_BYTES + 2 * G2_BYTES + PUBLIC_KEY_BYTES + PARTIAL_HASH_BYTES + 64 + 4;

    /** h = 2p - r: multiplying a twist point by it lands in G2. */
    private static final BigInteger G2_COFACTOR =
            new BigInteger("30644e72e131a029b85045b68181585e06ceecda572a2489345f2299c0f9fa8d", 16);
    private static final Fq2 TWIST_B = new Fq2(Fq.of(3), Fq.ZERO).mul(Fq2.XI.inverse());
    private static final BigInteger FQ_MASK = BigInteger.ONE.shiftLeft(Fq.MODULUS.bitLength()).subtract(BigInteger.ONE);
    /** Blake2b-512's IV; word 0 is XORed with the parameter block (digest 64 bytes, no key, fan-out and depth 1). */
    private static final long[] BLAKE2B_IV = {0x6a09e667f3bcc908L ^ 0x01010040L, 0xbb67ae8584caa73bL,
        0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L, 0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL,
        0x5be0cd19137e2179L};

    private PtauContribution() {
    }

    /** A secret's public key: [s]₁, [s·x]₁ and [x]·sp. */
    record PublicKey(G1Affine g1s, G1Affine g1sx, G2Affine g2spx) {}

    /** The public key of secret x, blinded by s, under the given personalisation and previous challenge. */
    static PublicKey publicKey(int personalisation, byte[] challenge, Fr x, Fr s) {
        G1Affine g1s = G1.GENERATOR.mul(s.toBigInteger()).toAffine();
        G1Affine g1sx = G1.GENERATOR.mul(s.mul(x).toBigInteger()).toAffine();
        G2Affine sp = g2sp(personalisation, challenge, g1s, g1sx);
        return new PublicKey(g1s, g1sx, sp.toJacobian().mul(x.toBigInteger()).toAffine());
    }

    /** sp = hash-to-G2 of Blake2b-512(personalisation byte ‖ challenge ‖ [s]₁ ‖ [s·x]₁). */
    static G2Affine g2sp(int personalisation, byte[] challenge, G1Affine g1s, G1Affine g1sx) {
        return hashToG2(blake2b(new byte[] {(byte) personalisation}, challenge, g1s.toUncompressed(), g1sx.toUncompressed()));
    }

    /**
     * snarkjs's map from a hash to G2: a ChaCha stream seeded by the hash draws x ∈ F_p² (each coordinate four
     * 64-bit draws, masked to p's bit length, redrawn while not below p, and read as a Montgomery representation) and
     * a sign bit, until x³ + b is a square; y is the root whose "negative" flag (the imaginary part above (p-1)/2, or
     * the real part when that is zero) equals the sign bit; the point is multiplied by the cofactor.
     */
    static G2Affine hashToG2(byte[] hash) {
        ChaChaRng rng = ChaChaRng.fromHash(hash);
        while (true) {
            Fq2 x = new Fq2(fq(rng), fq(rng));
            boolean negative = rng.nextBool();
            Fq2 y = x.square().mul(x).add(TWIST_B).sqrt();
            if (y != null) {
                if (y.isLexicographicallyLargest() != negative) {
                    y = y.neg();
                }
                return G2.twistPointTimes(x, y, G2_COFACTOR).toAffine();
            }
        }
    }

    private static Fq fq(ChaChaRng rng) {
        while (true) {
            BigInteger v = BigInteger.ZERO;
            for (int i = 0; i < 4; i++) {
                v = v.add(new BigInteger(Long.toUnsignedString(rng.nextU64())).shiftLeft(64 * i));
            }
            v = v.and(FQ_MASK);
            if (v.compareTo(Fq.MODULUS) < 0) {
                return Fq.fromMontgomeryBytesLE(littleEndian32(v), 0);
            }
        }
    }

    /**
     * The challenge a ceremony starts from: Blake2b-512 of the hash of nothing followed by the initial accumulator
     * (every point a generator) in uncompressed form: 2·2^power - 1 in G1, 2^power in G2, twice 2^power in G1, one
     * in G2.
     */
    static byte[] firstChallenge(int power) {
        Blake2bDigest d = new Blake2bDigest(512);
        d.update(blake2b(), 0, 64);
        long n = 1L << power;
        byte[] g1 = G1Affine.GENERATOR.toUncompressed();
        byte[] g2 = G2Affine.GENERATOR.toUncompressed();
        repeat(d, g1, 2 * n - 1);
        repeat(d, g2, n);
        repeat(d, g1, 2 * n);
        d.update(g2, 0, g2.length);
        return finish(d);
    }

    private static void repeat(Blake2bDigest d, byte[] item, long times) {
        int perBlock = 1 << 12;
        byte[] block = new byte[item.length * perBlock];
        for (int i = 0; i < perBlock; i++) {
            System.arraycopy(item, 0, block, i * item.length, item.length);
        }
        for (long done = 0; done < times; done += perBlock) {
            d.update(block, 0, (int) Math.min(perBlock, times - done) * item.length);
        }
    }

    /** The public key uncompressed, in the order the record stores it: all G1 points, then the three G2 points. */
    static byte[] publicKeyUncompressed(PublicKey[] keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(PUBLIC_KEY_BYTES);
        for (PublicKey k : keys) {
            out.writeBytes(k.g1s().toUncompressed());
            out.writeBytes(k.g1sx().toUncompressed());
        }
        for (PublicKey k : keys) {
            out.writeBytes(k.g2spx().toUncompressed());
        }
        return out.toByteArray();
    }

    static byte[] responseHash(byte[] challenge, PublicKey[] keys) {
        return blake2b(challenge, publicKeyUncompressed(keys));
    }

    /**
     * Blake2b-512's state after absorbing the 64-byte challenge, in snarkjs's layout: the 128-byte block buffer, the
     * eight chaining words (u64 little-endian), the count of bytes already compressed (u64), the count of bytes in
     * the buffer (u64), eight unused bytes.
     */
    static byte[] partialHash(byte[] challenge) {
        ByteBuffer b = ByteBuffer.allocate(PARTIAL_HASH_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(challenge, 0, 64);
        b.position(128);
        for (long h : BLAKE2B_IV) {
            b.putLong(h);
        }
        b.putLong(0).putLong(64);
        return b.array();
    }

    /** The record for secrets τ, α, β with their public keys, as section 7 stores it. */
    static byte[] encode(Fr tau, Fr alpha, Fr beta, PublicKey[] keys, byte[] challenge, byte[] nextChallenge, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(g1Bytes(G1.GENERATOR.mul(tau.toBigInteger()).toAffine()));
        out.writeBytes(g2Bytes(G2.GENERATOR.mul(tau.toBigInteger()).toAffine()));
        out.writeBytes(g1Bytes(G1.GENERATOR.mul(alpha.toBigInteger()).toAffine()));
        out.writeBytes(g1Bytes(G1.GENERATOR.mul(beta.toBigInteger()).toAffine()));
        out.writeBytes(g2Bytes(G2.GENERATOR.mul(beta.toBigInteger()).toAffine()));
        for (PublicKey k : keys) {
            out.writeBytes(g1Bytes(k.g1s()));
            out.writeBytes(g1Bytes(k.g1sx()));
        }
        for (PublicKey k : keys) {
            out.writeBytes(g2Bytes(k.g2spx()));
        }
        out.writeBytes(partialHash(challenge));
        out.writeBytes(nextChallenge);
        out.writeBytes(le32(0));
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 64) {
            throw new IllegalArgumentException("a contribution name has at most 64 bytes");
        }
        out.writeBytes(le32(2 + utf8.length));
        out.write(1);
        out.write(utf8.length);
        out.writeBytes(utf8);
        return out.toByteArray();
    }

    /**
     * The name of the last contribution in a section 7 body, "" if it has none, or null if there is no contribution.
     * Throws {@link IllegalArgumentException} when the body is not a well-formed list of records.
     */
    static String lastName(byte[] section) {
        ByteBuffer b = ByteBuffer.wrap(section).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 4) {
            throw new IllegalArgumentException("the contributions section is shorter than its count");
        }
        long count = Integer.toUnsignedLong(b.getInt());
        String name = null;
        for (long i = 0; i < count; i++) {
            if (b.remaining() < FIXED_BYTES + 4) {
                throw new IllegalArgumentException("contribution " + (i + 1) + " is truncated");
            }
            b.position(b.position() + FIXED_BYTES);
            int length = b.getInt();
            if (length < 0 || length > b.remaining()) {
                throw new IllegalArgumentException("the parameters of contribution " + (i + 1) + " run past the section");
            }
            int end = b.position() + length;
            name = "";
            while (b.position() < end) {
                int type = b.get() & 0xff;
                int len = type == 2 ? 1 : b.position() < end ? b.get() & 0xff : 0;
                if (type < 1 || type > 3 || b.position() + len > end) {
                    throw new IllegalArgumentException("contribution " + (i + 1) + " has a malformed parameter");
                }
                if (type == 1) {
                    byte[] raw = new byte[len];
                    b.get(raw);
                    name = new String(raw, StandardCharsets.UTF_8);
                } else {
                    b.position(b.position() + len);
                }
            }
        }
        return name;
    }

    static byte[] g1Bytes(G1Affine p) {
        byte[] b = new byte[G1_BYTES];
        if (!p.infinity) {
            p.x.toMontgomeryBytesLE(b, 0);
            p.y.toMontgomeryBytesLE(b, 32);
        }
        return b;
    }

    static byte[] g2Bytes(G2Affine p) {
        byte[] b = new byte[G2_BYTES];
        if (!p.infinity) {
            p.x.c0.toMontgomeryBytesLE(b, 0);
            p.x.c1.toMontgomeryBytesLE(b, 32);
            p.y.c0.toMontgomeryBytesLE(b, 64);
            p.y.c1.toMontgomeryBytesLE(b, 96);
        }
        return b;
    }

    static byte[] blake2b(byte[]... parts) {
        Blake2bDigest d = new Blake2bDigest(512);
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        return finish(d);
    }

    static byte[] finish(Blake2bDigest d) {
        byte[] out = new byte[64];
        d.doFinal(out, 0);
        return out;
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] littleEndian32(BigInteger v) {
        byte[] be = v.toByteArray();
        byte[] le = new byte[32];
        for (int i = 0; i < 32 && i < be.length; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }
}
