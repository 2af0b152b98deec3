package dev.zkmlc.prover.plonk;

import dev.zkmlc.circuit.field.Fr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A proof with the public values it proves: {@code instances.get(c).get(r)} is row r of instance column c
 * (as the witness assigned them; trailing zeros do not change the statement), {@code bytes} the transcript data (commitments, evaluations and opening witnesses;
 * layout in docs/prover.md), and the digest of the verifying key it was made for. Immutable.
 */
public final class Proof {
    private final byte[] vkDigest;
    private final List<List<Fr>> instances;
    private final byte[] bytes;

    public Proof(byte[] vkDigest, List<List<Fr>> instances, byte[] bytes) {
        this.vkDigest = vkDigest.clone();
        List<List<Fr>> cols = new ArrayList<>();
        for (List<Fr> c : instances) {
            cols.add(List.copyOf(c));
        }
        this.instances = Collections.unmodifiableList(cols);
        this.bytes = bytes.clone();
    }

    public byte[] vkDigest() {
        return vkDigest.clone();
    }

    public List<List<Fr>> instances() {
        return instances;
    }

    public byte[] bytes() {
        return bytes.clone();
    }
}
