package dev.zkmlc.prover.plonk;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.prover.transcript.Transcript;
import java.util.ArrayList;
import java.util.List;

/** The start of every transcript, shared by prover and verifier. */
final class Protocol {
    static final String LABEL = "zkmlc-plonkish-v2";

    private Protocol() {
    }

    /**
     * A transcript that has absorbed the verifying key's digest, then, per instance column, its number of
     * values (4 bytes big-endian, trailing zeros trimmed) and the values.
     */
    static Transcript start(VerifyingKey vk, List<List<Fr>> instances) {
        Transcript t = new Transcript(LABEL);
        t.absorb(vk.digest());
        for (List<Fr> col : trim(instances)) {
            int len = col.size();
            t.absorb(new byte[] {(byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len});
            for (Fr v : col) {
                t.absorb(v);
            }
        }
        return t;
    }

    /** The columns without trailing zeros: [1, 2, 0] and [1, 2] are the same instance polynomial. */
    static List<List<Fr>> trim(List<List<Fr>> instances) {
        List<List<Fr>> out = new ArrayList<>();
        for (List<Fr> col : instances) {
            int len = col.size();
            while (len > 0 && col.get(len - 1).isZero()) {
                len--;
            }
            out.add(List.copyOf(col.subList(0, len)));
        }
        return out;
    }
}
