package dev.zkmlc.ir;

/** Who sees a value of the model: the verifier, nobody, the verifying key, or only its hash. */
public enum Visibility {
    /** An instance value the verifier sees. */
    PUBLIC,
    /** An advice value, hidden from the verifier. */
    PRIVATE,
    /** Baked into fixed columns, so the verifying key identifies it. */
    FIXED,
    /** Private, with its Poseidon hash made public. */
    HASHED;

    public String keyword() {
        return name().toLowerCase();
    }
}
