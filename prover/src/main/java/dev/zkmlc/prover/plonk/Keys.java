package dev.zkmlc.prover.plonk;

/** The two keys {@link Setup} makes for a circuit. */
public record Keys(ProvingKey pk, VerifyingKey vk) {
}
