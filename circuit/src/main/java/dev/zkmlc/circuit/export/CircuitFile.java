package dev.zkmlc.circuit.export;

import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Witness;
import java.util.Objects;
import java.util.Optional;

/** A circuit read from a file: the constraint system, the witness if the file carries one, and the content hash. */
public record CircuitFile(ConstraintSystem constraintSystem, Optional<Witness> witness, String sha256) {
    public CircuitFile {
        Objects.requireNonNull(constraintSystem, "constraintSystem");
        Objects.requireNonNull(witness, "witness");
        Objects.requireNonNull(sha256, "sha256");
    }
}
