package dev.zkmlc.prover.srs;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.prover.curve.FixedBase;
import dev.zkmlc.prover.curve.FixedBaseG2;
import dev.zkmlc.prover.curve.G1;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.curve.G2;
import dev.zkmlc.prover.curve.G2Affine;
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
        return lagrangeBasis(log, tau, Fr.rootOfUnity(log), false);
    }

    /**
     * [L_i(τ)]₁ for the domain ⟨omega⟩ of size N = 2^log, from L_i(τ) = ω^i·(τ^N - 1) / (N·(τ - ω^i)): one batch
     * inversion, then fixed-base multiples of the generator. withoutTopPower subtracts the τ^(N-1) term
     * (ω^i/N)·τ^(N-1): the inverse transform of τ^0..τ^(N-2) and a zero, which is what snarkjs stores for the one
     * domain larger than its [τ^i]₁ list.
     */
    static G1Affine[] lagrangeBasis(int log, Fr tau, Fr omega, boolean withoutTopPower) {
        int n = 1 << log;
        Fr[] wi = new Fr[n];
        Fr[] den = new Fr[n];
        Fr w = Fr.ONE;
        for (int i = 0; i < n; i++) {
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
        Function<BigInteger, G1> mul = multiplier(G1.GENERATOR, n);
        G1[] pts = new G1[n];
        IntStream.range(0, n).parallel().forEach(i ->
                pts[i] = mul.apply(wi[i].mul(scale).mul(inv[i]).sub(wi[i].mul(top)).toBigInteger()));
        return G1.batchToAffine(pts);
    }

    /** Below this many multiples of one base, a byte-window table costs more than it saves. */
    private static final int TABLE_THRESHOLD = 1 << 10;

    /** A way to compute k·P for one fixed P: table lookups for many multiples, double-and-add for a few. */
    static Function<BigInteger, G1> multiplier(G1 base, long multiples) {
        return multiples >= TABLE_THRESHOLD ? new FixedBase(base)::mul : base::mul;
    }

    static Function<BigInteger, G2> multiplier(G2 base, long multiples) {
        return multiples >= TABLE_THRESHOLD ? new FixedBaseG2(base)::mul : base::mul;
    }

    /** [c·τ^i]₁ for i < count, with base = [c]₁. */
    static G1Affine[] g1Powers(G1 base, int count, Fr tau) {
        return g1Powers(multiplier(base, count), 0, count, tau);
    }

    /** [c·τ^i]₁ for start <= i < start + count, with mul computing k·[c]₁. */
    static G1Affine[] g1Powers(Function<BigInteger, G1> mul, int start, int count, Fr tau) {
        Fr[] powers = powers(tau, start, count);
        G1[] pts = new G1[count];
        IntStream.range(0, count).parallel().forEach(i -> pts[i] = mul.apply(powers[i].toBigInteger()));
        return G1.batchToAffine(pts);
    }

    static G2Affine[] g2Powers(Function<BigInteger, G2> mul, int start, int count, Fr tau) {
        Fr[] powers = powers(tau, start, count);
        G2[] pts = new G2[count];
        IntStream.range(0, count).parallel().forEach(i -> pts[i] = mul.apply(powers[i].toBigInteger()));
        return G2.batchToAffine(pts);
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
