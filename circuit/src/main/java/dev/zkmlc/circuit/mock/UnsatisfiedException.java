package dev.zkmlc.circuit.mock;

import dev.zkmlc.circuit.cs.CircuitException;
import java.util.List;

/** Thrown by {@link MockProver#assertSatisfied} with the failures found; the message lists the first few. */
public final class UnsatisfiedException extends CircuitException {
    private final transient List<Failure> failures;

    public UnsatisfiedException(List<Failure> failures) {
        super(message(failures));
        this.failures = List.copyOf(failures);
    }

    public List<Failure> failures() {
        return failures;
    }

    private static String message(List<Failure> failures) {
        StringBuilder sb = new StringBuilder("circuit not satisfied (" + failures.size()
                + (failures.size() >= MockProver.DEFAULT_MAX_FAILURES ? "+" : "") + " failures)");
        int shown = Math.min(10, failures.size());
        for (int i = 0; i < shown; i++) {
            sb.append("\n  ").append(failures.get(i));
        }
        if (failures.size() > shown) {
            sb.append("\n  ...");
        }
        return sb.toString();
    }
}
