package dev.zkmlc.circuit.hash;

import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link PoseidonChain} in a circuit: one {@link PoseidonGadget} hash per link, stacked row after
 * row. The capacity, the length in the first link and the zero padding of the last are fixed by
 * copies from constants; each link's output is copied into the next link's first input. The value
 * cells are free inputs: the caller copies the vector to hash (weights, say) into them, and the
 * result cell out (to an instance cell, for a public commitment).
 */
public final class PoseidonChainGadget {

    /** The cells of one laid-out chain: where the values go, where the hash comes out, the rows used. */
    public record Layout(List<CellRef> values, CellRef result, int startRow, int rows) {
        public Layout {
            values = List.copyOf(values);
        }
    }

    private final PoseidonChain chain;
    private final PoseidonGadget permutation;

    private PoseidonChainGadget(PoseidonChain chain, PoseidonGadget permutation) {
        this.chain = chain;
        this.permutation = permutation;
    }

    /** Declares a permutation gadget of width chain.arity() + 1 in {@code b}. */
    public static PoseidonChainGadget configure(ConstraintSystemBuilder b, PoseidonChain chain,
                                                PoseidonGadget.SboxGates sboxGates) {
        PoseidonParameters params = PoseidonParameters.circom(chain.arity() + 1);
        return new PoseidonChainGadget(chain, PoseidonGadget.configure(b, params, sboxGates));
    }

    public PoseidonChain chain() {
        return chain;
    }

    public PoseidonGadget permutation() {
        return permutation;
    }

    /** Rows a chain over {@code length} values occupies. */
    public int rows(int length) {
        return chain.links(length) * permutation.rowsPerPermutation();
    }

    public Layout layout(ConstraintSystemBuilder b, int startRow, int length, String origin) {
        int chunk = chain.chunkSize();
        int links = chain.links(length);
        List<CellRef> values = new ArrayList<>(length);
        PoseidonGadget.Permutation previous = null;
        for (int link = 0; link < links; link++) {
            Map<Integer, Fr> constants = new HashMap<>();
            constants.put(0, Fr.ZERO);
            if (link == 0) {
                constants.put(1, Fr.of(length));
            }
            for (int k = 0; k < chunk; k++) {
                if (link * chunk + k >= length) {
                    constants.put(2 + k, Fr.ZERO);
                }
            }
            int row = startRow + link * permutation.rowsPerPermutation();
            PoseidonGadget.Permutation p = permutation.layout(b, row, constants, origin);
            if (previous != null) {
                b.copy(previous.output().get(0), p.input().get(1));
            }
            for (int k = 0; k < chunk && link * chunk + k < length; k++) {
                values.add(p.input().get(2 + k));
            }
            previous = p;
        }
        return new Layout(values, previous.output().get(0), startRow, rows(length));
    }

    /** Assigns a chain laid out at {@code startRow} over {@code values}; returns the chain hash. */
    public Fr assign(Witness.Builder w, int startRow, List<Fr> values) {
        int chunk = chain.chunkSize();
        Fr h = Fr.of(values.size());
        for (int link = 0; link < chain.links(values.size()); link++) {
            List<Fr> inputs = new ArrayList<>(chain.arity());
            inputs.add(h);
            for (int k = 0; k < chunk; k++) {
                int idx = link * chunk + k;
                inputs.add(idx < values.size() ? values.get(idx) : Fr.ZERO);
            }
            h = permutation.assignHash(w, startRow + link * permutation.rowsPerPermutation(), inputs);
        }
        return h;
    }
}
