package dev.zkmlc.prover.srs;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.prover.curve.FixedBase;
import dev.zkmlc.prover.curve.FixedBaseG2;
import dev.zkmlc.prover.curve.G1;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.curve.G2;
import dev.zkmlc.prover.curve.G2Affine;
import java.util.stream.IntStream;

/**
 * A development SRS: τ is derived from a seed, so anyone can forge proofs against it. NOT FOR PRODUCTION. It exists
 * so that tests and examples run without downloading a ceremony file; {@link Srs#development} is set on the result.
 */
public final class DevSrs {
    private DevSrs() {
    }

    /** The secret of a development SRS: a deterministic, non-zero function of the seed. */
    public static Fr tau(long seed) {
        Fr t = Fr.random(new java.util.SplittableRandom(seed ^ 0x7a6b6d6c635f6465L));
        return t.isZero() ? Fr.ONE : t;
    }

    /** [τ^i]₁ for i < g1Count, [1]₂, [τ]₂. */
    public static Srs generate(int g1Count, Fr tau) {
        return new Srs(g1Powers(G1.GENERATOR, g1Count, tau), G2Affine.GENERATOR, g2Powers(G2.GENERATOR, 2, tau)[1],
                true);
    }

    /** [c·τ^i]₁ for i < count, with base = [c]₁. */
    static G1Affine[] g1Powers(G1 base, int count, Fr tau) {
        Fr[] powers = new Fr[count];
        Fr acc = Fr.ONE;
        for (int i = 0; i < count; i++) {
            powers[i] = acc;
            acc = acc.mul(tau);
        }
        FixedBase table = new FixedBase(base);
        G1[] pts = new G1[count];
        IntStream.range(0, count).parallel().forEach(i -> pts[i] = table.mul(powers[i].toBigInteger()));
        return G1.batchToAffine(pts);
    }

    /** [τ^i]₂ for i < count. */
    static G2Affine[] g2Powers(G2 base, int count, Fr tau) {
        G2[] pts = new G2[count];
        Fr acc = Fr.ONE;
        Fr[] powers = new Fr[count];
        for (int i = 0; i < count; i++) {
            powers[i] = acc;
            acc = acc.mul(tau);
        }
        FixedBaseG2 table = new FixedBaseG2(base);
        IntStream.range(0, count).parallel().forEach(i -> pts[i] = table.mul(powers[i].toBigInteger()));
        return G2.batchToAffine(pts);
    }
}
