package dev.zkmlc.circuit.hash;

import dev.zkmlc.circuit.field.Fr;
import java.util.List;

/**
 * circomlib's Poseidon hash over the BN254 scalar field, natively: {@code Poseidon.hash(a, b)} equals
 * circomlibjs's {@code poseidon([a, b])} and circom's {@code Poseidon(2)} template.
 *
 * <p>For n inputs (1 <= n <= 16) the width is t = n + 1; the state starts as [0, in_1, .., in_n]
 * (the leading element is the capacity, zero), goes through the permutation of
 * {@link PoseidonParameters#circom(int)}, and the hash is the first element of the result.
 *
 * <p>Example: {@code Poseidon.hash(Fr.of(1), Fr.of(2))} is
 * {@code 0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a}. For vectors longer
 * than 16 elements, see {@link PoseidonChain}.
 */
public final class Poseidon {
    /** The most inputs one call takes (circomlib's widest instance, t = 17). */
    public static final int MAX_INPUTS = PoseidonParameters.MAX_WIDTH - 1;

    private Poseidon() {
    }

    public static Fr hash(Fr... inputs) {
        return hash(List.of(inputs));
    }

    public static Fr hash(List<Fr> inputs) {
        if (inputs.isEmpty() || inputs.size() > MAX_INPUTS) {
            throw new IllegalArgumentException("Poseidon hashes 1.." + MAX_INPUTS + " inputs, not " + inputs.size()
                    + " (use PoseidonChain for longer vectors)");
        }
        PoseidonParameters params = PoseidonParameters.circom(inputs.size() + 1);
        Fr[] state = new Fr[params.width()];
        state[0] = Fr.ZERO;
        for (int i = 0; i < inputs.size(); i++) {
            state[i + 1] = inputs.get(i);
        }
        return params.permute(state)[0];
    }
}
