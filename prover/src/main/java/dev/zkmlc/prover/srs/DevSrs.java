package dev.zkmlc.prover.srs;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.prover.curve.FixedBase;
import dev.zkmlc.prover.curve.FixedBaseG2;
import dev.zkmlc.prover.curve.G1;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.curve.G2;
import dev.zkmlc.prover.curve.G2Affine;
import dev.zkmlc.prover.field.FqLimbs;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
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

    /** [τ^i]₁ for i < g1Count, [1]₂, [τ]₂, and the Lagrange bases of every domain of at most g1Count points. */
    public static Srs generate(int g1Count, Fr tau) {
        Map<Integer, G1Affine[]> lagrange = new HashMap<>();
        for (int log = 0; (1L << log) <= g1Count && log <= Fr.TWO_ADICITY; log++) {
            lagrange.put(log, lagrangeBasis(log, tau));
        }
        return new Srs(g1Powers(G1.GENERATOR, g1Count, tau), G2Affine.GENERATOR,
                G2.GENERATOR.mul(tau.toBigInteger()).toAffine(), true, lagrange);
    }

    /** [L_i(τ)]₁ for our domain ⟨ω⟩ of size 2^log. */
    static G1Affine[] lagrangeBasis(int log, Fr tau) {
        int n = 1 << log;
        return g1Multiples(G1.GENERATOR, lagrangeScalars(log, tau, Fr.rootOfUnity(log), false, 0, n), n);
    }

    /**
     * L_i(τ) for start <= i < start + count in the domain ⟨omega⟩ of size N = 2^log, as 32-byte scalars (see
     * {@link FixedBase#mulAffine}), from L_i(τ) = ω^i·(τ^N - 1) / (N·(τ - ω^i)) with one batch inversion.
     * withoutTopPower subtracts the τ^(N-1) term (ω^i/N)·τ^(N-1): the inverse transform of τ^0..τ^(N-2) and a
     * zero, which is what snarkjs stores for the one domain larger than its [τ^i]₁ list.
     */
    static byte[] lagrangeScalars(int log, Fr tau, Fr omega, boolean withoutTopPower, int start, int count) {
        int n = 1 << log;
        Fr[] wi = new Fr[count];
        Fr[] den = new Fr[count];
        Fr w = omega.pow(start);
        for (int i = 0; i < count; i++) {
            wi[i] = w;
            den[i] = tau.sub(w);
            if (den[i].isZero()) {
                throw new IllegalArgumentException("tau is a root of unity of order 2^" + log);
            }
            w = w.mul(omega);
        }
        Fr[] inv = Fr.batchInvert(den);
        Fr nInv = Fr.of(n).inverse();
        Fr scale = tau.pow(n).sub(Fr.ONE).mul(nInv);
        Fr top = withoutTopPower ? tau.pow(n - 1).mul(nInv) : Fr.ZERO;
        byte[] scalars = new byte[count * FixedBase.SCALAR_BYTES];
        IntStream.range(0, count).parallel().forEach(i -> wi[i].mul(scale).mul(inv[i]).sub(wi[i].mul(top))
                .writeBytesLE(scalars, i * FixedBase.SCALAR_BYTES));
        return scalars;
    }

    /** Below this many multiples of one base, a byte-window table costs more than it saves. */
    private static final int TABLE_THRESHOLD = 1 << 10;
    /** Points per parallel task of the table path (one field inversion each). */
    private static final int BLOCK = 1 << 10;

    static Function<BigInteger, G2> multiplier(G2 base, long multiples) {
        return multiples >= TABLE_THRESHOLD ? new FixedBaseG2(base)::mul : base::mul;
    }

    /** [c·τ^i]₁ for i < count, with base = [c]₁. */
    static G1Affine[] g1Powers(G1 base, int count, Fr tau) {
        return g1Multiples(base, powerScalars(tau, 0, count), count);
    }

    /** k_i·base for count scalars in the form of {@link FixedBase#mulAffine}. */
    static G1Affine[] g1Multiples(G1 base, byte[] scalars, int count) {
        if (count >= TABLE_THRESHOLD) {
            long[] xy = g1Multiples(new FixedBase(base), scalars, count);
            G1Affine[] out = new G1Affine[count];
            for (int i = 0; i < count; i++) {
                out[i] = FixedBase.point(xy, i);
            }
            return out;
        }
        G1[] pts = new G1[count];
        for (int i = 0; i < count; i++) {
            byte[] be = new byte[FixedBase.SCALAR_BYTES];
            for (int b = 0; b < be.length; b++) {
                be[b] = scalars[i * FixedBase.SCALAR_BYTES + be.length - 1 - b];
            }
            pts[i] = base.mul(new BigInteger(1, be));
        }
        return G1.batchToAffine(pts);
    }

    /** Affine multiples as {@link FixedBase#mulAffine} lays them out, in parallel blocks. */
    static long[] g1Multiples(FixedBase table, byte[] scalars, int count) {
        long[] xy = FqLimbs.newArray(2 * count);
        IntStream.range(0, (count + BLOCK - 1) / BLOCK).parallel().forEach(b ->
                table.mulAffine(scalars, b * BLOCK, Math.min(BLOCK, count - b * BLOCK), xy));
        return xy;
    }

    static G2Affine[] g2Powers(Function<BigInteger, G2> mul, int start, int count, Fr tau) {
        Fr[] powers = powers(tau, start, count);
        G2[] pts = new G2[count];
        IntStream.range(0, count).parallel().forEach(i -> pts[i] = mul.apply(powers[i].toBigInteger()));
        return G2.batchToAffine(pts);
    }

    /** τ^i for start <= i < start + count, as 32-byte scalars (see {@link FixedBase#mulAffine}). */
    static byte[] powerScalars(Fr tau, int start, int count) {
        Fr[] powers = powers(tau, start, count);
        byte[] scalars = new byte[count * FixedBase.SCALAR_BYTES];
        IntStream.range(0, count).parallel().forEach(i -> powers[i].writeBytesLE(scalars, i * FixedBase.SCALAR_BYTES));
        return scalars;
    }

    private static Fr[] powers(Fr tau, int start, int count) {
        Fr[] powers = new Fr[count];
        Fr acc = tau.pow(start);
        for (int i = 0; i < count; i++) {
            powers[i] = acc;
            acc = acc.mul(tau);
        }
        return powers;
    }
}
