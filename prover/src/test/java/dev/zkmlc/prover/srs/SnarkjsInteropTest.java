package dev.zkmlc.prover.srs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import dev.zkmlc.prover.curve.G1;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.field.Fq;
import dev.zkmlc.prover.kzg.Kzg;
import dev.zkmlc.prover.poly.Domain;
import dev.zkmlc.prover.poly.Ntt;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with snarkjs: the snarkjs pinned in the project's {@code interop/} folder (installed
 * with {@code npm ci} under the lock the other interop tests take, when missing), or the executable
 * that ZKMLC_SNARKJS names. Needs node 20 and npm.
 */
class SnarkjsInteropTest {
    @TempDir
    Path dir;

    private static List<String> snarkjsCommand() throws IOException {
        String configured = System.getenv("ZKMLC_SNARKJS");
        if (configured != null && !configured.isEmpty()) {
            return List.of(configured);
        }
        Path interop = null;
        for (Path p = Path.of("").toAbsolutePath(); p != null && interop == null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("interop").resolve("package-lock.json"))) {
                interop = p.resolve("interop");
            }
        }
        assertTrue(interop != null, "no interop/package-lock.json above " + Path.of("").toAbsolutePath());
        try (FileChannel ch = FileChannel.open(interop.resolve(".install.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            if (!Files.isDirectory(interop.resolve("node_modules").resolve("snarkjs"))) {
                Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(interop.toFile())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                assertTrue(npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0, "npm ci in " + interop + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return List.of("node", interop.resolve("node_modules").resolve("snarkjs").resolve("cli.js").toString());
    }

    private void snarkjs(String... args) throws IOException, InterruptedException {
        assertEquals(0, snarkjsExitCode(args), () -> "snarkjs " + String.join(" ", args) + " failed: " + log());
    }

    private int snarkjsExitCode(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(snarkjsCommand());
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("snarkjs.log").toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "snarkjs timed out");
        return p.exitValue();
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("snarkjs.log"));
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    @Test
    void readsAPreparedCeremonyFileFromSnarkjs() throws Exception {
        snarkjs("powersoftau", "new", "bn128", "4", "pot_0.ptau");
        snarkjs("powersoftau", "contribute", "pot_0.ptau", "pot_1.ptau", "--name=zkmlc test", "-e=zkmlc test entropy");
        snarkjs("powersoftau", "prepare", "phase2", "pot_1.ptau", "pot_final.ptau");
        Srs srs = PtauFile.read(dir.resolve("pot_final.ptau"), 17);
        assertEquals(17, srs.size());
        assertFalse(srs.development, "a file with a real contribution is not a development SRS");
        assertTrue(srs.hasLagrangeBasis(4), "section 12 is read and matches our roots of unity");
        Domain d = new Domain(4);
        SplittableRandom rnd = new SplittableRandom(1);
        long[] values = FrLimbs.newArray(d.size);
        for (int i = 0; i < d.size; i++) {
            FrLimbs.set(values, i, Fr.of(rnd.nextInt(-100, 100)));
        }
        long[] coeffs = values.clone();
        Ntt.inverse(coeffs, d);
        assertEquals(Kzg.commit(srs, coeffs), Kzg.commitLagrange(srs, values, 4));
    }

    @Test
    void snarkjsPreparesOurDevelopmentFileToTheSameLagrangeSection() throws Exception {
        Path dev = dir.resolve("dev.ptau");
        PtauFile.writeDevelopment(dev, 4, 3);
        snarkjs("powersoftau", "prepare", "phase2", "dev.ptau", "dev_prepared.ptau");
        byte[] ours = section(dev, 12);
        byte[] theirs = section(dir.resolve("dev_prepared.ptau"), 12);
        assertArrayEquals(theirs, ours);
        for (int type = 2; type <= 6; type++) {
            assertArrayEquals(section(dir.resolve("dev_prepared.ptau"), type), section(dev, type));
        }
    }

    @Test
    void snarkjsVerifiesTheContributionOfOurDevelopmentFileAndRejectsAChangedPoint() throws Exception {
        Path dev = dir.resolve("dev.ptau");
        PtauFile.writeDevelopment(dev, 5, 7);
        snarkjs("powersoftau", "verify", "dev.ptau");
        assertTrue(log().contains(PtauContribution.DEVELOPMENT_NAME), log());
        assertTrue(PtauFile.read(dev, 33).development, "still a development SRS for zkmlc");

        // [τ^5]₁ becomes [τ^5]₁ + [1]₁: still a point of G1, no longer a power of τ.
        byte[] bytes = Files.readAllBytes(dev);
        int offset = sectionOffset(dev, 2) + 5 * 64;
        G1Affine p = G1Affine.of(Fq.fromMontgomeryBytesLE(bytes, offset), Fq.fromMontgomeryBytesLE(bytes, offset + 32));
        G1Affine q = p.toJacobian().add(G1.GENERATOR).toAffine();
        q.x.toMontgomeryBytesLE(bytes, offset);
        q.y.toMontgomeryBytesLE(bytes, offset + 32);
        Files.write(dir.resolve("changed.ptau"), bytes);
        assertNotEquals(0, snarkjsExitCode("powersoftau", "verify", "changed.ptau"), "a changed point passed: " + log());
    }

    private static int sectionOffset(Path file, int type) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        b.position(8);
        int n = b.getInt();
        for (int i = 0; i < n; i++) {
            int t = b.getInt();
            int len = (int) b.getLong();
            if (t == type) {
                return b.position();
            }
            b.position(b.position() + len);
        }
        throw new AssertionError("no section " + type + " in " + file);
    }

    private static byte[] section(Path file, int type) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        b.position(8);
        int n = b.getInt();
        for (int i = 0; i < n; i++) {
            int t = b.getInt();
            int len = (int) b.getLong();
            if (t == type) {
                byte[] out = new byte[len];
                b.get(out);
                return out;
            }
            b.position(b.position() + len);
        }
        throw new AssertionError("no section " + type + " in " + file);
    }
}
