package dev.zkmlc.prover.pairing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.prover.curve.Bn254;
import dev.zkmlc.prover.curve.G1;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.curve.G2;
import dev.zkmlc.prover.curve.G2Affine;
import dev.zkmlc.prover.field.Fq12;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairingTest {
    private static final Fq12 E_GG = Pairing.pair(G1Affine.GENERATOR, G2Affine.GENERATOR);

    @Test
    void nonDegenerateAndOfOrderR() {
        assertNotEquals(Fq12.ONE, E_GG);
        assertEquals(Fq12.ONE, E_GG.pow(Bn254.ORDER));
        assertEquals(Fq12.ONE, Pairing.pair(G1Affine.INFINITY, G2Affine.GENERATOR));
        assertEquals(Fq12.ONE, Pairing.pair(G1Affine.GENERATOR, G2Affine.INFINITY));
    }

    @Test
    void bilinear() {
        qt().withExamples(3).forAll(longs().between(1, Long.MAX_VALUE), longs().between(1, Long.MAX_VALUE))
                .checkAssert((a, b) -> {
                    BigInteger ba = BigInteger.valueOf(a);
                    BigInteger bb = BigInteger.valueOf(b);
                    G1Affine pa = G1.GENERATOR.mul(ba).toAffine();
                    G2Affine qb = G2.GENERATOR.mul(bb).toAffine();
                    Fq12 lhs = Pairing.pair(pa, qb);
                    assertEquals(E_GG.pow(ba.multiply(bb)), lhs);
                    G1Affine pab = G1.GENERATOR.mul(ba.multiply(bb)).toAffine();
                    assertEquals(lhs, Pairing.pair(pab, G2Affine.GENERATOR));
                });
    }

    @Test
    void productCheckDetectsMismatch() {
        BigInteger k = BigInteger.valueOf(987654321);
        G1Affine kg = G1.GENERATOR.mul(k).toAffine();
        G2Affine kh = G2.GENERATOR.mul(k).toAffine();
        // e(kG, H) · e(-G, kH) = 1
        assertTrue(Pairing.pairingProductIsOne(List.of(kg, G1Affine.GENERATOR.neg()), List.of(G2Affine.GENERATOR, kh)));
        G1Affine other = G1.GENERATOR.mul(k.add(BigInteger.ONE)).toAffine();
        assertFalse(Pairing.pairingProductIsOne(List.of(other, G1Affine.GENERATOR.neg()), List.of(G2Affine.GENERATOR, kh)));
    }

    @Test
    void ethereumPrecompileVectors() throws IOException {
        int count = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                PairingTest.class.getResourceAsStream("eip197-vectors.txt"), StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                byte[] input = f.length > 2 ? HexFormat.of().parseHex(f[2]) : new byte[0];
                List<G1Affine> ps = new ArrayList<>();
                List<G2Affine> qs = new ArrayList<>();
                for (int off = 0; off < input.length; off += 192) {
                    ps.add(G1Affine.fromUncompressed(Arrays.copyOfRange(input, off, off + 64)));
                    qs.add(G2Affine.fromUncompressed(Arrays.copyOfRange(input, off + 64, off + 192)));
                }
                assertEquals(f[1].equals("1"), Pairing.pairingProductIsOne(ps, qs), f[0]);
                count++;
            }
        }
        assertEquals(10, count);
    }
}
