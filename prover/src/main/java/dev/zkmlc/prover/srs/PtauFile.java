package dev.zkmlc.prover.srs;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.prover.curve.FixedBase;
import dev.zkmlc.prover.curve.G1;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.curve.G2;
import dev.zkmlc.prover.curve.G2Affine;
import dev.zkmlc.prover.curve.PointFormatException;
import dev.zkmlc.prover.field.Fq;
import dev.zkmlc.prover.field.Fq2;
import dev.zkmlc.prover.field.FqLimbs;
import dev.zkmlc.prover.msm.Msm;
import dev.zkmlc.prover.pairing.Pairing;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * snarkjs's Powers-of-Tau file format (.ptau), as written by {@code snarkjs powersoftau new/contribute/prepare}.
 *
 * <p>Layout, all integers little-endian: magic "ptau", version u32 (1), section count u32, then sections of
 * (type u32, byte length u64, body). Section 1, the header: n8 u32 (32), the base-field prime (n8 bytes), power u32,
 * ceremony power u32. Section 2: 2·2^power - 1 points [τ^i]₁. Section 3: 2^power points [τ^i]₂. Sections 4 and 5:
 * 2^power points [α·τ^i]₁ and [β·τ^i]₁. Section 6: [β]₂. Section 7: the contributions (a u32 count, then each
 * contribution). A G1 point is x‖y and a G2 point x.c0‖x.c1‖y.c0‖y.c1, each coordinate 32 bytes little-endian in
 * Montgomery form (x·2^256 mod p); the point at infinity is all zeros. Files after {@code prepare phase2} also carry
 * Lagrange-basis sections 12 to 15, which are not needed here.
 */
public final class PtauFile {
    private PtauFile() {
    }

    private static final int G1_BYTES = 64;
    private static final int G2_BYTES = 128;
    /** Points computed and written at a time by the development writer, to bound its memory. */
    private static final int CHUNK = 1 << 16;
    /** Points per parallel task when encoding computed points. */
    private static final int CONVERT_BLOCK = 1 << 12;

    /** What the header says, and where each section's body starts. */
    public record Header(int power, int ceremonyPower, Map<Integer, long[]> sections) {
        /** Number of [τ^i]₁ points in the file. */
        public long tauG1Count() {
            return 2L * (1L << power) - 1;
        }
    }

    public static Header readHeader(Path file) throws SrsFormatException, IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(file, ch);
        }
    }

    private static Header readHeader(Path file, FileChannel ch) throws SrsFormatException, IOException {
        long size = ch.size();
        ByteBuffer head = read(file, ch, 0, 12);
        byte[] magic = new byte[4];
        head.get(magic);
        if (!new String(magic, java.nio.charset.StandardCharsets.US_ASCII).equals("ptau")) {
            throw new SrsFormatException(file + ": not a .ptau file (bad magic)");
        }
        int version = head.getInt();
        if (version != 1) {
            throw new SrsFormatException(file + ": unsupported .ptau version " + version);
        }
        int count = head.getInt();
        Map<Integer, long[]> sections = new HashMap<>();
        long pos = 12;
        for (int i = 0; i < count; i++) {
            ByteBuffer sh = read(file, ch, pos, 12);
            int type = sh.getInt();
            long len = sh.getLong();
            if (len < 0 || pos + 12 + len > size) {
                throw new SrsFormatException(file + ": section " + type + " runs past the end of the file (truncated?)");
            }
            if (sections.putIfAbsent(type, new long[] {pos + 12, len}) != null) {
                throw new SrsFormatException(file + ": section " + type + " appears twice");
            }
            pos += 12 + len;
        }
        long[] h = sections.get(1);
        if (h == null) {
            throw new SrsFormatException(file + ": no header section");
        }
        if (h[1] != 4 + 32 + 8) {
            throw new SrsFormatException(file + ": header section of " + h[1] + " bytes: not a BN254 (bn128) file");
        }
        ByteBuffer hb = read(file, ch, h[0], 4 + 32 + 8);
        int n8 = hb.getInt();
        if (n8 != 32) {
            throw new SrsFormatException(file + ": field elements of " + n8 + " bytes: not a BN254 (bn128) file");
        }
        byte[] q = new byte[32];
        hb.get(q);
        if (!new BigInteger(1, reverse(q)).equals(Fq.MODULUS)) {
            throw new SrsFormatException(file + ": the curve is not BN254 (bn128)");
        }
        int power = hb.getInt();
        int ceremonyPower = hb.getInt();
        if (power < 1 || power > 28) {
            throw new SrsFormatException(file + ": power " + power + " is out of range");
        }
        return new Header(power, ceremonyPower, sections);
    }

    /**
     * The first g1Count powers [τ^i]₁ with [1]₂ and [τ]₂. Every point read is checked to be on its curve (G2 points
     * also in the subgroup), the first points must be the generators, and one pairing check ties [τ]₁ to [τ]₂.
     */
    public static Srs read(Path file, int g1Count) throws SrsFormatException, IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = readHeader(file, ch);
            if (g1Count > h.tauG1Count()) {
                throw new SrsFormatException(file + ": holds " + h.tauG1Count() + " powers of tau, the circuit needs "
                        + g1Count + " (use a .ptau file of a larger power)");
            }
            long[] s2 = section(file, h, 2, h.tauG1Count() * G1_BYTES);
            long[] s3 = section(file, h, 3, (1L << h.power()) * G2_BYTES);
            G1Affine[] g1 = readG1(file, ch, s2[0], g1Count);
            ByteBuffer g2b = read(file, ch, s3[0], 2 * G2_BYTES);
            byte[] raw2 = new byte[2 * G2_BYTES];
            g2b.get(raw2);
            G2Affine one = g2Point(file, raw2, 0);
            G2Affine tau = g2Point(file, raw2, G2_BYTES);
            if (!g1[0].equals(G1Affine.GENERATOR) || !one.equals(G2Affine.GENERATOR)) {
                throw new SrsFormatException(file + ": the first powers are not the BN254 generators");
            }
            if (g1Count > 1 && !Pairing.pairingProductIsOne(List.of(g1[1], G1Affine.GENERATOR.neg()), List.of(one, tau))) {
                throw new SrsFormatException(file + ": [tau]_1 and [tau]_2 do not match");
            }
            Map<Integer, G1Affine[]> lagrange = new HashMap<>();
            int log = 31 - Integer.numberOfLeadingZeros(g1Count);
            long[] s12 = h.sections().get(12);
            if (log <= h.power() && s12 != null && s12[1] >= ((2L << log) - 1) * G1_BYTES && g1Count > 1) {
                G1Affine[] raw = readG1(file, ch, s12[0] + ((1L << log) - 1) * G1_BYTES, 1 << log);
                G1Affine[] basis = inOurOrder(raw, log, g1[1]);
                if (basis != null) {
                    lagrange.put(log, basis);
                }
            }
            return new Srs(g1, one, tau, isDevelopment(file, ch, h), lagrange);
        }
    }

    /**
     * A development SRS, whose secret someone knows: a file whose contributions section is missing or empty (it
     * records no ceremony), or whose last contribution is zkmlc's development record (named
     * {@value PtauContribution#DEVELOPMENT_NAME}; a later contribution by someone else would hide the secret again).
     * Everything made from a development SRS says it is not for production.
     */
    private static boolean isDevelopment(Path file, FileChannel ch, Header h) throws SrsFormatException, IOException {
        long[] s7 = h.sections().get(7);
        if (s7 == null || s7[1] < 4) {
            return true;
        }
        if (s7[1] > Integer.MAX_VALUE) {
            throw new SrsFormatException(file + ": contributions section of " + s7[1] + " bytes");
        }
        ByteBuffer body = read(file, ch, s7[0], (int) s7[1]);
        byte[] raw = new byte[body.remaining()];
        body.get(raw);
        try {
            String last = PtauContribution.lastName(raw);
            return last == null || last.startsWith(PtauContribution.DEVELOPMENT_MARKER);
        } catch (IllegalArgumentException e) {
            throw new SrsFormatException(file + ": section 7 (contributions): " + e.getMessage());
        }
    }

    private static G1Affine[] readG1(Path file, FileChannel ch, long offset, int count)
            throws SrsFormatException, IOException {
        G1Affine[] out = new G1Affine[count];
        int chunk = 1 << 14;
        for (int start = 0; start < count; start += chunk) {
            int n = Math.min(chunk, count - start);
            ByteBuffer b = read(file, ch, offset + (long) start * G1_BYTES, n * G1_BYTES);
            byte[] raw = new byte[n * G1_BYTES];
            b.get(raw);
            for (int i = 0; i < n; i++) {
                out[start + i] = g1Point(file, raw, i * G1_BYTES);
            }
        }
        return out;
    }

    /**
     * The Lagrange basis of section 12 re-indexed for our ω. snarkjs orders it by its own primitive root (the
     * smallest quadratic non-residue raised to (r-1)/2^k), which is some odd power ω^j of ours; L'_i is then our
     * L_(i·j mod N). The candidate orderings are checked against two identities, Σ L_i(τ) = 1 and
     * Σ ω^i·L_i(τ) = τ; null if none passes (the SRS is then used without a Lagrange basis).
     */
    static G1Affine[] inOurOrder(G1Affine[] raw, int log, G1Affine tauG1) {
        int n = raw.length;
        Fr omega = Fr.rootOfUnity(log);
        G1 sum = G1.INFINITY;
        for (G1Affine p : raw) {
            sum = sum.add(p);
        }
        if (!sum.toAffine().equals(G1Affine.GENERATOR)) {
            return null;
        }
        Fr[] powers = new Fr[n];
        Fr w = Fr.ONE;
        for (int i = 0; i < n; i++) {
            powers[i] = w;
            w = w.mul(omega);
        }
        for (Fr g : new Fr[] {smallestNonResidue(), Fr.GENERATOR}) {
            Fr theirs = g.pow(Fr.MODULUS.subtract(BigInteger.ONE).shiftRight(log));
            int j = discreteLog(theirs, omega, log);
            for (int jj : new int[] {j, (n - j) % n}) {
                G1Affine[] basis = new G1Affine[n];
                for (int i = 0; i < n; i++) {
                    basis[(int) ((long) i * jj % n)] = raw[i];
                }
                if (n == 1 || Msm.msm(basis, powers).toAffine().equals(tauG1)) {
                    return basis;
                }
            }
        }
        return null;
    }

    /** The primitive root choice of snarkjs (ffjavascript): the smallest g >= 2 with g^((r-1)/2) = -1. */
    static Fr smallestNonResidue() {
        BigInteger half = Fr.MODULUS.shiftRight(1);
        Fr minusOne = Fr.ONE.neg();
        for (int g = 2; ; g++) {
            if (Fr.of(g).pow(half).equals(minusOne)) {
                return Fr.of(g);
            }
        }
    }

    /** j in [0, 2^log) with omega^j = x, for omega of order 2^log (bit by bit, as the group is a 2-group). */
    static int discreteLog(Fr x, Fr omega, int log) {
        Fr omegaInv = omega.inverse();
        int j = 0;
        for (int b = 0; b < log; b++) {
            Fr y = x.mul(omegaInv.pow(j));
            for (int k = 0; k < log - 1 - b; k++) {
                y = y.square();
            }
            if (!y.isOne()) {
                j |= 1 << b;
            }
        }
        return j;
    }

    private static long[] section(Path file, Header h, int type, long minLength) throws SrsFormatException {
        long[] s = h.sections().get(type);
        if (s == null) {
            throw new SrsFormatException(file + ": section " + type + " is missing");
        }
        if (s[1] < minLength) {
            throw new SrsFormatException(file + ": section " + type + " is shorter than its header says");
        }
        return s;
    }

    private static G1Affine g1Point(Path file, byte[] b, int off) throws SrsFormatException {
        Fq x = Fq.fromMontgomeryBytesLE(b, off);
        Fq y = Fq.fromMontgomeryBytesLE(b, off + 32);
        if (x == null || y == null) {
            throw new SrsFormatException(file + ": G1 coordinate not below the field modulus");
        }
        if (x.isZero() && y.isZero()) {
            return G1Affine.INFINITY;
        }
        try {
            return G1Affine.of(x, y);
        } catch (PointFormatException e) {
            throw new SrsFormatException(file + ": " + e.getMessage());
        }
    }

    private static G2Affine g2Point(Path file, byte[] b, int off) throws SrsFormatException {
        Fq[] c = new Fq[4];
        for (int k = 0; k < 4; k++) {
            c[k] = Fq.fromMontgomeryBytesLE(b, off + 32 * k);
            if (c[k] == null) {
                throw new SrsFormatException(file + ": G2 coordinate not below the field modulus");
            }
        }
        Fq2 x = new Fq2(c[0], c[1]);
        Fq2 y = new Fq2(c[2], c[3]);
        if (x.isZero() && y.isZero()) {
            return G2Affine.INFINITY;
        }
        try {
            return G2Affine.of(x, y);
        } catch (PointFormatException e) {
            throw new SrsFormatException(file + ": " + e.getMessage());
        }
    }

    private static ByteBuffer read(Path file, FileChannel ch, long pos, int len) throws IOException, SrsFormatException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) {
                throw new SrsFormatException(file + ": unexpected end of file (truncated?)");
            }
        }
        b.flip();
        return b;
    }

    private static byte[] reverse(byte[] a) {
        byte[] r = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }

    /**
     * Writes a development .ptau of the given power whose τ, α and β derive from the seed. NOT FOR PRODUCTION: the
     * secrets are known. Section 7 records them as one contribution from the initial accumulator, with the proofs
     * of knowledge and hashes {@code snarkjs powersoftau verify} checks (see {@link PtauContribution}), named
     * {@value PtauContribution#DEVELOPMENT_NAME} so that readers still treat the file as development. Besides
     * sections 1-7 it carries section 12, the Lagrange bases of {@code prepare phase2} (not 13-15). The same power
     * and seed give the same bytes.
     */
    public static void writeDevelopment(Path file, int power, long seed) throws IOException {
        if (power < 1 || power > 28) {
            throw new IllegalArgumentException("power must be in 1..28, got " + power);
        }
        Fr tau = DevSrs.tau(seed);
        Fr alpha = DevSrs.tau(seed + 1);
        Fr beta = DevSrs.tau(seed + 2);
        byte[] challenge = PtauContribution.firstChallenge(power);
        PtauContribution.PublicKey[] keys = {
            PtauContribution.publicKey(0, challenge, tau, DevSrs.tau(seed + 3)),
            PtauContribution.publicKey(1, challenge, alpha, DevSrs.tau(seed + 4)),
            PtauContribution.publicKey(2, challenge, beta, DevSrs.tau(seed + 5))};
        // The next challenge hashes the response hash and then every point of sections 2-6 as written.
        Blake2bDigest next = new Blake2bDigest(512);
        byte[] response = PtauContribution.responseHash(challenge, keys);
        next.update(response, 0, response.length);
        int n = 1 << power;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            ByteBuffer head = le(12);
            head.put("ptau".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(1).putInt(8);
            out.write(head.array());
            ByteBuffer hdr = le(4 + 32 + 8);
            hdr.putInt(32).put(reverse(toBytes32(Fq.MODULUS))).putInt(power).putInt(power);
            writeSection(out, 1, hdr.array());
            // One generator table serves section 2 and the Lagrange bases of section 12.
            FixedBase generator = FixedBase.forMultiples(G1.GENERATOR, 6L * n);
            writeG1Section(out, 2, generator, 2 * n - 1, tau, next);
            sectionHeader(out, 3, (long) n * G2_BYTES);
            Function<BigInteger, G2> g2Mul = DevSrs.multiplier(G2.GENERATOR, n);
            for (int start = 0; start < n; start += CHUNK) {
                for (G2Affine p : DevSrs.g2Powers(g2Mul, start, Math.min(CHUNK, n - start), tau)) {
                    out.write(PtauContribution.g2Bytes(p));
                    hash(next, p.toUncompressed());
                }
            }
            writeG1Section(out, 4, FixedBase.forMultiples(G1.GENERATOR.mul(alpha.toBigInteger()), n), n, tau, next);
            writeG1Section(out, 5, FixedBase.forMultiples(G1.GENERATOR.mul(beta.toBigInteger()), n), n, tau, next);
            G2Affine betaG2 = G2.GENERATOR.mul(beta.toBigInteger()).toAffine();
            writeSection(out, 6, PtauContribution.g2Bytes(betaG2));
            hash(next, betaG2.toUncompressed());
            ByteArrayOutputStream contributions = new ByteArrayOutputStream();
            contributions.writeBytes(le(4).putInt(1).array());
            contributions.writeBytes(PtauContribution.encode(tau, alpha, beta, keys, challenge,
                    PtauContribution.finish(next), PtauContribution.DEVELOPMENT_NAME));
            writeSection(out, 7, contributions.toByteArray());
            writeLagrangeSection(out, power, tau, generator);
        }
    }

    /**
     * Section 12 as {@code snarkjs powersoftau prepare phase2} lays it out: for p = 0..power+1, the 2^p points
     * [L_i(τ)]₁ of the domain generated by snarkjs's root of unity (for p = power+1, of τ^0..τ^(2^p-2) and a zero).
     */
    private static void writeLagrangeSection(OutputStream out, int power, Fr tau, FixedBase generator)
            throws IOException {
        sectionHeader(out, 12, ((4L << power) - 1) * G1_BYTES);
        Fr g = smallestNonResidue();
        for (int p = 0; p <= power + 1; p++) {
            Fr omega = g.pow(Fr.MODULUS.subtract(BigInteger.ONE).shiftRight(p));
            int n = 1 << p;
            for (int start = 0; start < n; start += CHUNK) {
                int count = Math.min(CHUNK, n - start);
                writeG1Points(out, generator,
                        DevSrs.lagrangeScalars(p, tau, omega, p == power + 1, start, count), count, null);
            }
        }
    }

    private static void writeG1Section(OutputStream out, int type, FixedBase table, int count, Fr tau,
            Blake2bDigest next) throws IOException {
        sectionHeader(out, type, (long) count * G1_BYTES);
        for (int start = 0; start < count; start += CHUNK) {
            int n = Math.min(CHUNK, count - start);
            writeG1Points(out, table, DevSrs.powerScalars(tau, start, n), n, next);
        }
    }

    /**
     * Writes the multiples of the table's base for the given scalars in the file's form, and (when next is not
     * null) absorbs them into next in the uncompressed form, which is what the hash of a contribution covers.
     */
    private static void writeG1Points(OutputStream out, FixedBase table, byte[] scalars, int count, Blake2bDigest next)
            throws IOException {
        long[] xy = DevSrs.g1Multiples(table, scalars, count);
        byte[] file = new byte[count * G1_BYTES];
        byte[] uncompressed = next == null ? null : new byte[count * G1_BYTES];
        IntStream.range(0, (count + CONVERT_BLOCK - 1) / CONVERT_BLOCK).parallel().forEach(b -> {
            long[] scratch = FqLimbs.newArray(1);
            for (int i = b * CONVERT_BLOCK; i < Math.min(count, (b + 1) * CONVERT_BLOCK); i++) {
                FixedBase.montgomeryBytesLE(xy, 2 * i, file, i * G1_BYTES);
                FixedBase.montgomeryBytesLE(xy, 2 * i + 1, file, i * G1_BYTES + 32);
                if (uncompressed != null) {
                    FixedBase.canonicalBytesBE(xy, 2 * i, uncompressed, i * G1_BYTES, scratch);
                    FixedBase.canonicalBytesBE(xy, 2 * i + 1, uncompressed, i * G1_BYTES + 32, scratch);
                }
            }
        });
        out.write(file);
        if (next != null) {
            hash(next, uncompressed);
        }
    }

    private static void hash(Blake2bDigest d, byte[] b) {
        d.update(b, 0, b.length);
    }

    private static void writeSection(OutputStream out, int type, byte[] body) throws IOException {
        sectionHeader(out, type, body.length);
        out.write(body);
    }

    private static void sectionHeader(OutputStream out, int type, long length) throws IOException {
        out.write(le(12).putInt(type).putLong(length).array());
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] toBytes32(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(32, raw.length);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }
}
