package dev.zkmlc.prover.field;

import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import org.quicktheories.core.Gen;

/** Generators of base-field values for property tests: uniform 256-bit values mixed with edge cases. */
final class FieldGens {
    private FieldGens() {
    }

    static final BigInteger P = Fq.MODULUS;

    static Gen<BigInteger> fqValues() {
        Gen<Long> l = longs().all();
        Gen<BigInteger> uniform = l.zip(l, l, l, (a, b, c, d) -> {
            BigInteger v = BigInteger.ZERO;
            for (long x : new long[] {a, b, c, d}) {
                v = v.shiftLeft(64).add(BigInteger.valueOf(x).and(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)));
            }
            return v.mod(P);
        });
        Gen<BigInteger> edges = arbitrary().pick(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, P.subtract(BigInteger.ONE),
                P.subtract(BigInteger.TWO), P.shiftRight(1), P.shiftRight(1).add(BigInteger.ONE), BigInteger.ONE.shiftLeft(63),
                BigInteger.ONE.shiftLeft(64), BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(192).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(253));
        return uniform.mix(edges, 20);
    }

    static Gen<Fq> fq() {
        return fqValues().map(Fq::of);
    }

    static Gen<Fq2> fq2() {
        return fq().zip(fq(), Fq2::new);
    }

    static Gen<Fq6> fq6() {
        return fq2().zip(fq2(), fq2(), Fq6::new);
    }

    static Gen<Fq12> fq12() {
        return fq6().zip(fq6(), Fq12::new);
    }
}
