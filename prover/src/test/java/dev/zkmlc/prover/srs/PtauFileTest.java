package dev.zkmlc.prover.srs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.field.Fr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtauFileTest {
    @TempDir
    Path dir;

    @Test
    void developmentFileRoundTripsThroughTheReader() throws Exception {
        Path f = dir.resolve("dev.ptau");
        PtauFile.writeDevelopment(f, 4, 99);
        PtauFile.Header h = PtauFile.readHeader(f);
        assertEquals(4, h.power());
        assertEquals(31, h.tauG1Count());
        int contribution = PtauContribution.FIXED_BYTES + 4 + 2 + PtauContribution.DEVELOPMENT_NAME.length();
        assertEquals(12 + 8 * 12 + 44 + 31 * 64 + 16 * 128 + 2 * 16 * 64 + 128 + 4 + contribution + 63 * 64, Files.size(f));

        Srs srs = PtauFile.read(f, 20);
        Srs expected = DevSrs.generate(20, DevSrs.tau(99));
        assertEquals(20, srs.size());
        for (int i = 0; i < 20; i++) {
            assertEquals(expected.g1(i), srs.g1(i));
        }
        assertEquals(expected.tauG2, srs.tauG2);
        assertTrue(srs.development, "a file whose last contribution is the development record counts as a development SRS");
        assertEquals(31, PtauFile.read(f, 31).size());

        // Section 12 (snarkjs's order) comes back re-indexed for our roots of unity: value commitments agree.
        assertTrue(srs.hasLagrangeBasis(4));
        assertEquals(Arrays.asList(expected.lagrangeBasis(4)), Arrays.asList(srs.lagrangeBasis(4)));
    }

    @Test
    void discreteLogInTheTwoPowerSubgroup() {
        Fr omega = Fr.rootOfUnity(10);
        for (int j : new int[] {0, 1, 5, 513, 1023}) {
            assertEquals(j, PtauFile.discreteLog(omega.pow(j), omega, 10));
        }
    }

    @Test
    void unusableFilesAreRejectedWithAMessage() throws Exception {
        Path f = dir.resolve("dev.ptau");
        PtauFile.writeDevelopment(f, 2, 5);
        byte[] good = Files.readAllBytes(f);

        SrsFormatException tooBig = assertThrows(SrsFormatException.class, () -> PtauFile.read(f, 8));
        assertTrue(tooBig.getMessage().contains("holds 7 powers"), tooBig.getMessage());

        assertRejected(Arrays.copyOf(good, good.length - 10), "truncated");
        byte[] magic = good.clone();
        magic[0] = 'x';
        assertRejected(magic, "bad magic");
        byte[] point = good.clone();
        // The y coordinate of [tau]_1: the second point of section 2, which starts after 12 + 3*12 ... bytes.
        int tauG1 = 12 + 12 + 44 + 12 + 64;
        point[tauG1 + 40] ^= 1;
        assertRejected(point, "");
    }

    @Test
    void corruptedFilesAreReadOrRejectedButNeverCrashTheReader() throws Exception {
        Path f = dir.resolve("dev.ptau");
        PtauFile.writeDevelopment(f, 2, 6);
        byte[] good = Files.readAllBytes(f);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(17);
        Path bad = dir.resolve("fuzz.ptau");
        for (int trial = 0; trial < 20; trial++) {
            byte[] b = trial % 5 == 4 ? Arrays.copyOf(good, rnd.nextInt(good.length)) : good.clone();
            if (b.length == good.length) {
                b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
            Files.write(bad, b);
            try {
                PtauFile.read(bad, 7);
            } catch (SrsFormatException expected) {
                assertTrue(expected.getMessage().startsWith(bad.toString()));
            }
        }
    }

    private void assertRejected(byte[] bytes, String messagePart) throws IOException {
        Path bad = dir.resolve("bad.ptau");
        Files.write(bad, bytes);
        SrsFormatException e = assertThrows(SrsFormatException.class, () -> PtauFile.read(bad, 4));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }
}
