package dev.zkmlc.prover.curve;

import java.math.BigInteger;

/** Parameters of the BN254 (alt_bn128) curve family shared by G1, G2 and the pairing. */
public final class Bn254 {
    private Bn254() {
    }

    /** r, the prime order of G1, G2 and the target group; also the modulus of the scalar field. */
    public static final BigInteger ORDER =
            new BigInteger("21888242871839275222246405745257275088548364400416034343698204186575808495617");

    /** The BN parameter x: p = 36x⁴ + 36x³ + 24x² + 6x + 1 and r = 36x⁴ + 36x³ + 18x² + 6x + 1. */
    public static final BigInteger X = new BigInteger("4965661367192848881");
}
