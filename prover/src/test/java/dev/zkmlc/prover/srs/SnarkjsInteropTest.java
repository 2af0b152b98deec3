package dev.zkmlc.prover.srs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import dev.zkmlc.prover.kzg.Kzg;
import dev.zkmlc.prover.poly.Domain;
import dev.zkmlc.prover.poly.Ntt;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with snarkjs, run when ZKMLC_SNARKJS names a snarkjs executable (for example after
 * {@code npm install snarkjs} in a scratch directory: {@code ZKMLC_SNARKJS=$dir/node_modules/.bin/snarkjs}).
 */
@EnabledIfEnvironmentVariable(named = "ZKMLC_SNARKJS", matches = ".+")
class SnarkjsInteropTest {
    @TempDir
    Path dir;

    private void snarkjs(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getenv("ZKMLC_SNARKJS"));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("snarkjs.log").toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "snarkjs timed out");
        assertEquals(0, p.exitValue(), () -> "snarkjs " + String.join(" ", args) + " failed: " + log());
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
