package dev.zkmlc.prover.artifact;

import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.field.FrLimbs;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.curve.G2Affine;
import dev.zkmlc.prover.msm.BaseTable;
import dev.zkmlc.prover.msm.Msm;
import dev.zkmlc.prover.plonk.ProvingKey;
import dev.zkmlc.prover.plonk.Setup;
import dev.zkmlc.prover.plonk.VerifyingKey;
import dev.zkmlc.prover.srs.Srs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.zip.CRC32C;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Verifying-key and proving-key files (layouts in docs/prover.md). Both start with an 8-byte magic, a 2-byte
 * format version, the Keccak-256 hash of the circuit and the hash of the SRS they were made for. Readers refuse
 * anything else with an {@link ArtifactFormatException}.
 */
public final class KeyCodec {
    public static final String VK_MAGIC = "ZKMLC-VK";
    public static final String PK_MAGIC = "ZKMLC-PK";
    /** Version 2 added the shape's advice phases and challenges (a two-phase proof commits in two rounds). */
    public static final int VERSION = 2;
    /**
     * Version 3: as 2, with a segment count per lookup. Written only for circuits where some lookup's table has
     * more than one segment, so that the keys of every other circuit stay byte for byte as they were.
     */
    public static final int VERSION_SEGMENTED = 3;
    /**
     * Versions 4 and 5: as 2 and 3, for circuits with several lookups into one table (ShapeCodec.sharesTables),
     * whose proofs sum those lookups in helper columns (one running sum per table since 2026-11-24); the key then
     * carries one inert flag per lookup after the gating flags. Older keys of such circuits meant one running sum
     * per lookup: they are refused, with a request to run setup again.
     */
    public static final int VERSION_SHARED = 4;
    public static final int VERSION_SHARED_SEGMENTED = 5;
    /** Version 2 of the proving key added the fixed-like polynomials computed at setup; 3, phases and challenges. */
    public static final int PK_VERSION = 3;
    /** Version 4 of the proving key: version 3 around a verifying key of version 3 (tables in segments). */
    public static final int PK_VERSION_SEGMENTED = 4;
    /** Proving key versions 5 and 6: around verifying keys of versions 4 and 5 (tables shared by several lookups). */
    public static final int PK_VERSION_SHARED = 5;
    public static final int PK_VERSION_SHARED_SEGMENTED = 6;
    /**
     * The verifier sums one Lagrange basis value per reserved row; a key claiming more is refused rather than
     * making verification slow (circuits reserve max(3, rotations) + 2 rows).
     */
    public static final int MAX_BLINDING_ROWS = 4096;
    /** The label {@link Setup#srsHash} starts with (KeyCodecTest checks the two agree). */
    private static final String SRS_LABEL = "zkmlc-srs-v1";

    private KeyCodec() {
    }

    /** Keccak-256 over a label and the circuit's shape, fixed values and copies (not its regions). */
    public static byte[] circuitHash(ConstraintSystem cs) {
        ByteSink s = new ByteSink();
        s.bytes(circuitLabel(ShapeCodec.segmented(cs)));
        ShapeCodec.writeShape(s, cs);
        ShapeCodec.writeFixedValues(s, cs);
        ShapeCodec.writeCopies(s, cs);
        return s.keccak();
    }

    /** The label tells the two shape encodings apart (see ShapeCodec.segmented). */
    private static byte[] circuitLabel(boolean segmented) {
        return (segmented ? "zkmlc-circuit-v2" : "zkmlc-circuit-v1").getBytes(StandardCharsets.US_ASCII);
    }

    /** The verifying key's format version for a circuit: 2 to 5 by whether its tables are split and shared. */
    static int vkVersion(ConstraintSystem cs) {
        return (ShapeCodec.sharesTables(cs) ? VERSION_SHARED : VERSION) + (ShapeCodec.segmented(cs) ? 1 : 0);
    }

    /** The proving key's format version around a verifying key of vkVersion(cs): 3 to 6. */
    static int pkVersion(ConstraintSystem cs) {
        return vkVersion(cs) + 1;
    }

    public static byte[] encodeVerifyingKey(VerifyingKey vk) {
        ByteSink s = new ByteSink();
        ConstraintSystem cs = vk.shape();
        s.bytes(VK_MAGIC.getBytes(StandardCharsets.US_ASCII)).u16(vkVersion(cs));
        s.bytes(vk.circuitHash()).bytes(vk.srsHash()).u8(vk.development() ? 1 : 0);
        ShapeCodec.writeShape(s, cs);
        for (int g = 0; g < cs.gates().size(); g++) {
            for (int c = 0; c < cs.gates().get(g).constraints().size(); c++) {
                s.u8(vk.gated(g, c) ? 1 : 0);
            }
        }
        if (ShapeCodec.sharesTables(cs)) {
            for (int l = 0; l < cs.lookups().size(); l++) {
                s.u8(vk.inert(l) ? 1 : 0);
            }
        }
        for (G1Affine p : vk.fixedCommitments()) {
            s.g1(p);
        }
        for (G1Affine p : vk.sigmaCommitments()) {
            s.g1(p);
        }
        s.g1(vk.g1()).g2(vk.g2()).g2(vk.tauG2());
        return s.toByteArray();
    }

    public static VerifyingKey decodeVerifyingKey(byte[] data, String file) {
        ByteSource in = new ByteSource(file, data);
        int version = in.header(VK_MAGIC, VERSION, VERSION_SHARED_SEGMENTED, "verifying key");
        VerifyingKey vk = readVerifyingKeyBody(in, version);
        in.end();
        return vk;
    }

    private static VerifyingKey readVerifyingKeyBody(ByteSource in, int version) {
        boolean segmented = version == VERSION_SEGMENTED || version == VERSION_SHARED_SEGMENTED;
        boolean shared = version >= VERSION_SHARED;
        byte[] circuitHash = in.bytes(32, "circuit hash");
        byte[] srsHash = in.bytes(32, "SRS hash");
        int dev = in.u8("development flag");
        if (dev > 1) {
            throw in.error("bad development flag " + dev);
        }
        ShapeCodec.Decoded d = ShapeCodec.readShape(in, segmented);
        ConstraintSystem shape = d.build(in);
        if (shared != ShapeCodec.sharesTables(shape)) {
            throw in.error(shared ? "verifying key format version " + version + " for a circuit without lookups that share a table"
                    : "verifying key format version " + version + " was made by an older zkmlc, which proved lookups into a"
                    + " shared table with one running sum each; run setup again");
        }
        boolean[][] gated = new boolean[shape.gates().size()][];
        for (int g = 0; g < gated.length; g++) {
            gated[g] = new boolean[shape.gates().get(g).constraints().size()];
            for (int c = 0; c < gated[g].length; c++) {
                int f = in.u8("gating flag");
                if (f > 1) {
                    throw in.error("bad gating flag " + f);
                }
                gated[g][c] = f == 1;
            }
        }
        boolean[] inert = new boolean[shape.lookups().size()];
        for (int l = 0; shared && l < inert.length; l++) {
            int f = in.u8("lookup inert flag");
            if (f > 1) {
                throw in.error("bad lookup inert flag " + f);
            }
            inert[l] = f == 1;
        }
        List<G1Affine> fixed = new ArrayList<>();
        for (int i = 0; i < shape.fixed().size(); i++) {
            fixed.add(in.g1("fixed column commitment"));
        }
        List<G1Affine> sigma = new ArrayList<>();
        for (int i = 0; i < shape.equalityColumns().size(); i++) {
            sigma.add(in.g1("permutation commitment"));
        }
        G1Affine g1 = in.g1("[1]_1");
        G2Affine g2 = in.g2("[1]_2");
        G2Affine tauG2 = in.g2("[tau]_2");
        return new VerifyingKey(shape, gated, inert, fixed, sigma, g1, g2, tauG2, dev == 1, circuitHash, srsHash);
    }

    /**
     * The proving key: header, the verifying key's encoding (length-prefixed), the fixed values and copies of
     * the circuit, the SRS's G1 powers (and Lagrange basis), then the fixed-like polynomials' coefficients and
     * coset evaluations with their CRC-32C.
     */
    public static byte[] encodeProvingKey(ProvingKey pk) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            encodeProvingKey(pk, out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the key to out; the polynomial section (most of it) goes out in chunks, never whole in memory. */
    private static void encodeProvingKey(ProvingKey pk, java.io.OutputStream out) throws IOException {
        VerifyingKey vk = pk.vk();
        ByteSink s = new ByteSink();
        s.bytes(PK_MAGIC.getBytes(StandardCharsets.US_ASCII))
                .u16(pkVersion(pk.constraintSystem()));
        s.bytes(vk.circuitHash()).bytes(vk.srsHash());
        s.blob(encodeVerifyingKey(vk));
        ShapeCodec.writeFixedValues(s, pk.constraintSystem());
        ShapeCodec.writeCopies(s, pk.constraintSystem());
        Srs srs = pk.srs();
        s.u32(srs.size());
        for (int i = 0; i < srs.size(); i++) {
            s.g1(srs.g1(i));
        }
        int k = pk.constraintSystem().k();
        CRC32C crc = new CRC32C();
        boolean tables = srs.hasLagrangeBasis(k) && srs.powersTable().isPresent() && srs.lagrangeTable(k).isPresent();
        if (srs.hasLagrangeBasis(k)) {
            // 2: the basis, then the base tables of the G1 powers and of the basis (msm.BaseTable), after the header.
            s.u8(tables ? 2 : 1);
            for (G1Affine p : srs.lagrangeBasis(k)) {
                byte[] b = p.toUncompressed();
                crc.update(b);
                s.bytes(b);
            }
        } else {
            s.u8(0);
        }
        if (tables) {
            s.u8(BaseTable.WINDOW_BITS).u8(BaseTable.WINDOWS);
        }
        out.write(s.toByteArray());
        if (tables) {
            writeLimbs(out, srs.powersTable().get().higherWindows(), crc);
            writeLimbs(out, srs.lagrangeTable(k).get().higherWindows(), crc);
        }
        for (long[] c : pk.coefficients()) {
            writeLimbs(out, c, crc);
        }
        for (long[] e : pk.cosetEvaluations()) {
            writeLimbs(out, e, crc);
        }
        out.write(new ByteSink().u32((int) crc.getValue()).toByteArray());
    }

    /** Raw 64-bit limbs, little-endian (elements in Montgomery form, as the prover holds them), in chunks. */
    private static void writeLimbs(java.io.OutputStream out, long[] a, CRC32C crc) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1 << 20).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < a.length; from += b.capacity() / 8) {
            int count = Math.min(b.capacity() / 8, a.length - from);
            b.clear();
            b.asLongBuffer().put(a, from, count);
            crc.update(b.array(), 0, 8 * count);
            out.write(b.array(), 0, 8 * count);
        }
    }

    public static ProvingKey decodeProvingKey(byte[] data, String file) {
        ByteSource in = new ByteSource(file, data);
        return decodeProvingKey(in, in, file, null, null);
    }

    /**
     * in: the key up to its polynomials; tail: the polynomials and their checksum (may be in itself); known: the
     * embedded verifying key when the caller has decoded it already from knownBytes (else null), so that it is
     * not decoded (and its G2 points checked) twice.
     */
    private static ProvingKey decodeProvingKey(ByteSource in, LimbSource tail, String file, VerifyingKey known,
            byte[] knownBytes) {
        int version = in.header(PK_MAGIC, PK_VERSION, PK_VERSION_SHARED_SEGMENTED, "proving key");
        byte[] circuitHash = in.bytes(32, "circuit hash");
        byte[] srsHash = in.bytes(32, "SRS hash");
        byte[] vkBytes = in.blob("verifying key");
        VerifyingKey vk = known != null && Arrays.equals(vkBytes, knownBytes) ? known
                : decodeVerifyingKey(vkBytes, file + " (embedded verifying key)");
        if (!Arrays.equals(circuitHash, vk.circuitHash()) || !Arrays.equals(srsHash, vk.srsHash())) {
            throw in.error("the header's hashes differ from the embedded verifying key's");
        }
        ByteSource body = in;
        // A second, fresh builder for the full system: the shape again, then fixed values and copies.
        boolean segmented = ShapeCodec.segmented(vk.shape());
        if (version != pkVersion(vk.shape())) {
            throw in.error("proving key format version " + version + " around a verifying key of format version "
                    + vkVersion(vk.shape()));
        }
        ByteSource vkIn = new ByteSource(file, vkBytes);
        vkIn.header(VK_MAGIC, VERSION, VERSION_SHARED_SEGMENTED, "verifying key");
        vkIn.bytes(65, "hashes and development flag");
        // The circuit's hash is taken over the encodings as they stand in the file (the shape in the verifying
        // key, then the fixed values and copies), the bytes circuitHash(cs) would write again: setup wrote them
        // with the same encoder, so re-encoding the decoded circuit to hash it would only cost time.
        KeccakDigest circuitDigest = new KeccakDigest(256);
        byte[] label = circuitLabel(segmented);
        circuitDigest.update(label, 0, label.length);
        int shapeStart = vkIn.position();
        ShapeCodec.Decoded d = ShapeCodec.readShape(vkIn, segmented);
        vkIn.digest(circuitDigest, shapeStart, vkIn.position());
        int valuesStart = body.position();
        ShapeCodec.readFixedValues(body, d);
        ShapeCodec.readCopies(body, d);
        body.digest(circuitDigest, valuesStart, body.position());
        ConstraintSystem cs = d.build(body);
        int n = cs.rows() + 1;
        int count = body.count("SRS size", body.remaining() / 64);
        if (count != n) {
            throw body.error("the key holds " + count + " SRS powers, the circuit needs " + n);
        }
        int powersStart = body.position();
        G1Affine[] powers = body.g1s(count, "SRS power", new CRC32C());
        // Likewise the SRS hash (Setup.srsHash) over the powers' encodings as read: decoding accepted only
        // canonical ones, which are what toUncompressed writes.
        KeccakDigest srsDigest = new KeccakDigest(256);
        byte[] srsLabel = SRS_LABEL.getBytes(StandardCharsets.US_ASCII);
        srsDigest.update(srsLabel, 0, srsLabel.length);
        body.digest(srsDigest, powersStart, body.position());
        for (byte[] g2 : List.of(vk.g2().toUncompressed(), vk.tauG2().toUncompressed())) {
            srsDigest.update(g2, 0, g2.length);
        }
        // A CRC-32C over the Lagrange basis and the fixed-like polynomials catches a damaged file; a crafted one
        // can only spoil its holder's own proofs, which verifiers then reject.
        CRC32C crc = new CRC32C();
        Map<Integer, G1Affine[]> lagrange = new HashMap<>();
        int hasLagrange = body.u8("Lagrange basis flag");
        if (hasLagrange > 2) {
            throw body.error("bad Lagrange basis flag " + hasLagrange);
        }
        if (hasLagrange >= 1) {
            G1Affine[] basis = body.g1s(cs.rows(), "Lagrange basis point", crc);
            if (!lagrangeMatches(basis, powers)) {
                throw new ArtifactFormatException(file + ": the Lagrange basis in the key does not match its SRS (corrupt key)");
            }
            lagrange.put(cs.k(), basis);
        }
        long[] powersTable = null;
        long[] lagrangeTable = null;
        int windowBits = 0;
        int windows = 0;
        if (hasLagrange == 2) {
            windowBits = body.u8("base table window bits");
            windows = body.u8("base table windows");
            if (windowBits != BaseTable.WINDOW_BITS || windows != BaseTable.WINDOWS) {
                throw body.error("base tables of " + windows + " windows of " + windowBits + " bits (this zkmlc makes "
                        + BaseTable.WINDOWS + " of " + BaseTable.WINDOW_BITS + ")");
            }
            powersTable = body.limbs(tableElements(body, count, windows), "G1 powers base table", crc);
            lagrangeTable = body.limbs(tableElements(body, cs.rows(), windows), "Lagrange basis base table", crc);
        }
        int polys = vk.fixedLikePolynomials();
        List<long[]> coeffs = new ArrayList<>();
        for (int i = 0; i < polys; i++) {
            coeffs.add(tail.limbs(cs.rows(), "fixed polynomial coefficients", crc));
        }
        List<long[]> cosetEvals = new ArrayList<>();
        for (int i = 0; i < polys; i++) {
            cosetEvals.add(tail.limbs(vk.cosetSize(), "fixed polynomial coset evaluations", crc));
        }
        if (tail.u32("polynomial checksum") != (int) crc.getValue()) {
            throw new ArtifactFormatException(file + ": the Lagrange basis and fixed polynomials in the key do not"
                    + " match their checksum (corrupt key)");
        }
        body.end();
        tail.end();
        if (!Arrays.equals(digest(circuitDigest), circuitHash)) {
            throw new ArtifactFormatException(file + ": the circuit in the key does not match its hash (corrupt key)");
        }
        Srs srs = new Srs(powers, vk.g2(), vk.tauG2(), vk.development(), lagrange);
        if (!Arrays.equals(digest(srsDigest), srsHash) || !powers[0].equals(vk.g1())) {
            throw new ArtifactFormatException(file + ": the SRS in the key does not match its hash (corrupt key)");
        }
        if (powersTable != null) {
            try {
                srs = srs.withBaseTables(BaseTable.of(powers, windowBits, windows, powersTable),
                        Map.of(cs.k(), BaseTable.of(lagrange.get(cs.k()), windowBits, windows, lagrangeTable)));
            } catch (IllegalArgumentException e) {
                throw new ArtifactFormatException(file + ": the base tables in the key do not match its SRS (corrupt key): "
                        + e.getMessage());
            }
        }
        try {
            return ProvingKey.withPolynomials(vk, cs, srs, coeffs, cosetEvals);
        } catch (IllegalArgumentException e) {
            throw new ArtifactFormatException(file + ": unusable proving key: " + e.getMessage());
        }
    }

    private static byte[] digest(KeccakDigest d) {
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    /** Field elements in the windows above the first of a base table of the given points. */
    private static int tableElements(ByteSource in, int points, int windows) {
        long elements = 2L * points * (windows - 1);
        if (elements > Integer.MAX_VALUE / 32) {
            throw in.error("a base table of " + elements + " elements is too large");
        }
        return (int) elements;
    }

    /**
     * Σ L_i(τ) = 1 for the true basis: catches a basis of another SRS. (Σ ω^i·L_i(τ) = τ would also catch a
     * permuted one, at the price of a full-size MSM on every load; the checksum catches damage instead.) The sum is
     * an MSM with every scalar 1: the kernels the prover's commitments run, which this warms up for the JIT while
     * the key is read beside the compile, instead of in the proof's first commitments.
     */
    private static boolean lagrangeMatches(G1Affine[] basis, G1Affine[] powers) {
        long[] ones = FrLimbs.newArray(basis.length);
        for (int i = 0; i < basis.length; i++) {
            FrLimbs.setLong(ones, i, 1);
        }
        return Msm.msm(basis, ones).toAffine().equals(powers[0]);
    }

    public static void writeVerifyingKey(VerifyingKey vk, Path file) throws IOException {
        Files.write(file, encodeVerifyingKey(vk));
    }

    public static VerifyingKey readVerifyingKey(Path file) throws IOException {
        return decodeVerifyingKey(Files.readAllBytes(file), file.toString());
    }

    public static void writeProvingKey(ProvingKey pk, Path file) throws IOException {
        try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            encodeProvingKey(pk, out);
        }
    }

    /**
     * Reads a proving key file. The polynomial section at its end (most of the file) streams from the file into
     * the key's arrays; the rest is read whole. A file whose layout does not add up goes through
     * {@link #decodeProvingKey(byte[], String)}, which says what is wrong with it.
     */
    public static ProvingKey readProvingKey(Path file) throws IOException {
        String name = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            int prefix = 8 + 2 + 32 + 32 + 4;
            if (size >= prefix) {
                int vkLength = ByteBuffer.wrap(readFully(ch, 0, prefix)).getInt(prefix - 4);
                if (vkLength >= 0 && prefix + (long) vkLength <= size) {
                    byte[] vkBytes = readFully(ch, prefix, vkLength);
                    VerifyingKey vk = decodeVerifyingKey(vkBytes, name + " (embedded verifying key)");
                    long tail = (long) vk.fixedLikePolynomials() * (vk.shape().rows() + vk.cosetSize()) * 32 + 4;
                    long head = size - tail;
                    if (head >= prefix + (long) vkLength && head <= Integer.MAX_VALUE) {
                        return decodeProvingKey(new ByteSource(name, readFully(ch, 0, (int) head)),
                                new ChannelLimbs(ch, head, name), name, vk, vkBytes);
                    }
                }
            }
        } catch (ArtifactFormatException e) {
            // Fall through: the whole-file reader reports the problem with its context.
        }
        return decodeProvingKey(Files.readAllBytes(file), name);
    }

    private static byte[] readFully(FileChannel ch, long from, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, from + b.position()) < 0) {
                throw new ArtifactFormatException("truncated");
            }
        }
        return b.array();
    }
}
