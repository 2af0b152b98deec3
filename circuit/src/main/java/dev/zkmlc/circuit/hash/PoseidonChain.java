package dev.zkmlc.circuit.hash;

import dev.zkmlc.circuit.field.Fr;
import java.util.ArrayList;
import java.util.List;

/**
 * Hashes a vector of any length (model weights, say) with a linear chain of circomlib Poseidon
 * calls of {@code arity} inputs each, so that ordinary tools recompute it with nothing but
 * circomlibjs's {@code poseidon}:
 *
 * <pre>
 *   h_0     = n                                   (the vector's length, as a field element)
 *   h_{i+1} = poseidon([h_i, c_i,1, .., c_i,arity-1])
 *   result  = h_m
 * </pre>
 *
 * where c_0, .., c_{m-1} are the vector cut into m = max(1, ceil(n / (arity - 1))) chunks of
 * arity - 1 elements, the last padded with zeros. Binding the length in h_0 makes the zero padding
 * unambiguous ([x] and [x, 0] hash differently), and the chain is collision resistant if Poseidon
 * is: a collision of the last call either is one of Poseidon or repeats the previous link, down to
 * h_0, which fixes n and with it the number of links.
 *
 * <p>{@link #DEFAULT} uses 16 inputs per call (t = 17): 15 new elements per permutation, the fewest
 * permutations, and so the fewest circuit rows, per element.
 */
public record PoseidonChain(int arity) {
    public static final PoseidonChain DEFAULT = new PoseidonChain(Poseidon.MAX_INPUTS);

    public PoseidonChain {
        if (arity < 2 || arity > Poseidon.MAX_INPUTS) {
            throw new IllegalArgumentException("a chain link hashes the previous link and at least one element: arity 2.."
                    + Poseidon.MAX_INPUTS + ", not " + arity);
        }
    }

    /** Elements absorbed per Poseidon call. */
    public int chunkSize() {
        return arity - 1;
    }

    /** Number of Poseidon calls for a vector of {@code length} elements. */
    public int links(long length) {
        return (int) Math.max(1, (length + chunkSize() - 1) / chunkSize());
    }

    public Fr hash(Fr... values) {
        return hash(List.of(values));
    }

    public Fr hash(List<Fr> values) {
        Fr h = Fr.of(values.size());
        int links = links(values.size());
        List<Fr> call = new ArrayList<>(arity);
        for (int link = 0; link < links; link++) {
            call.clear();
            call.add(h);
            for (int k = 0; k < chunkSize(); k++) {
                int idx = link * chunkSize() + k;
                call.add(idx < values.size() ? values.get(idx) : Fr.ZERO);
            }
            h = Poseidon.hash(call);
        }
        return h;
    }
}
