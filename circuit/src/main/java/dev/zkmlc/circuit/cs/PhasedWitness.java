package dev.zkmlc.circuit.cs;

import dev.zkmlc.circuit.field.Fr;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A witness made in two steps, for a constraint system with challenges: {@link #phase0()} holds the values of
 * the phase-0 advice and the instance columns, fixed before any challenge is drawn; {@link #complete} computes the
 * phase-1 values from them and the challenges and returns the whole witness. A prover commits the phase-0 columns,
 * squeezes the challenges from its transcript and only then calls {@link #complete}.
 *
 * @param phase0 the phase-0 advice and instance values (phase-1 columns, if set at all, are ignored)
 * @param completion the whole witness for given challenge values
 */
public record PhasedWitness(Witness phase0, Function<List<Fr>, Witness> completion) {
    public PhasedWitness {
        Objects.requireNonNull(phase0, "phase0");
        Objects.requireNonNull(completion, "completion");
    }

    /** A witness of a system without challenges: complete already. */
    public static PhasedWitness of(Witness w) {
        return new PhasedWitness(w, challenges -> w);
    }

    /** The whole witness for these challenge values. */
    public Witness complete(List<Fr> challenges) {
        return completion.apply(List.copyOf(challenges));
    }

    /** The whole witness with the challenges drawn outside a proof ({@link Challenges#derive}), as the mock prover draws them. */
    public Witness completeForMock(ConstraintSystem cs) {
        return complete(Challenges.derive(cs, phase0));
    }
}
