package dev.zkmlc.prover.field;

import static dev.zkmlc.prover.field.FieldGens.P;
import static dev.zkmlc.prover.field.FieldGens.fq2;
import static dev.zkmlc.prover.field.FieldGens.fq6;
import static dev.zkmlc.prover.field.FieldGens.fq12;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.quicktheories.QuickTheory.qt;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ExtensionFieldTest {
    @Test
    void fq2AgreesWithSchoolbookOverBigInteger() {
        qt().withExamples(500).forAll(fq2(), fq2()).checkAssert((x, y) -> {
            BigInteger a = x.c0.toBigInteger(), b = x.c1.toBigInteger();
            BigInteger c = y.c0.toBigInteger(), d = y.c1.toBigInteger();
            Fq2 prod = x.mul(y);
            assertEquals(a.multiply(c).subtract(b.multiply(d)).mod(P), prod.c0.toBigInteger());
            assertEquals(a.multiply(d).add(b.multiply(c)).mod(P), prod.c1.toBigInteger());
            assertEquals(x.mul(x), x.square());
            assertEquals(x.mul(Fq2.XI), x.mulByXi());
        });
    }

    @Test
    void fq2InverseAndSqrt() {
        qt().withExamples(200).forAll(fq2()).checkAssert(x -> {
            if (!x.isZero()) {
                assertEquals(Fq2.ONE, x.mul(x.inverse()));
            }
            Fq2 s = x.square().sqrt();
            assertNotNull(s);
            assertEquals(x.square(), s.square());
        });
        assertEquals(Fq2.of(BigInteger.valueOf(-1), BigInteger.ZERO), new Fq2(Fq.ZERO, Fq.ONE).square(), "u^2 = -1");
    }

    @Test
    void fq6FieldLaws() {
        qt().withExamples(100).forAll(fq6(), fq6(), fq6()).checkAssert((x, y, z) -> {
            assertEquals(x.mul(y), y.mul(x));
            assertEquals(x.mul(y).mul(z), x.mul(y.mul(z)));
            assertEquals(x.mul(y.add(z)), x.mul(y).add(x.mul(z)));
            assertEquals(x.mulByV(), x.mul(new Fq6(Fq2.ZERO, Fq2.ONE, Fq2.ZERO)));
            if (!x.isZero()) {
                assertEquals(Fq6.ONE, x.mul(x.inverse()));
            }
        });
        Fq6 v = new Fq6(Fq2.ZERO, Fq2.ONE, Fq2.ZERO);
        assertEquals(new Fq6(Fq2.XI, Fq2.ZERO, Fq2.ZERO), v.mul(v).mul(v), "v^3 = 9 + u");
    }

    @Test
    void fq12FieldLawsAndFrobenius() {
        qt().withExamples(30).forAll(fq12(), fq12(), fq12()).checkAssert((x, y, z) -> {
            assertEquals(x.mul(y), y.mul(x));
            assertEquals(x.mul(y).mul(z), x.mul(y.mul(z)));
            assertEquals(x.mul(y.add(z)), x.mul(y).add(x.mul(z)));
            assertEquals(x.mul(x), x.square());
            if (!x.equals(Fq12.ZERO)) {
                assertEquals(Fq12.ONE, x.mul(x.inverse()));
            }
            assertEquals(x.frobenius(1).mul(y.frobenius(1)), x.mul(y).frobenius(1));
            assertEquals(x.frobenius(2), x.frobenius(1).frobenius(1));
            assertEquals(x.frobenius(3), x.frobenius(2).frobenius(1));
        });
        Fq12 x = Fq12.random(new java.util.Random(5));
        assertEquals(x.pow(P), x.frobenius(1), "frobenius(1) is the p-th power");
        Fq12 w = new Fq12(Fq6.ZERO, Fq6.ONE);
        assertEquals(new Fq12(new Fq6(Fq2.ZERO, Fq2.ONE, Fq2.ZERO), Fq6.ZERO), w.square(), "w^2 = v");
    }
}
