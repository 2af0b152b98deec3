package dev.zkmlc.circuit.cs;

import java.util.List;
import java.util.Objects;

/**
 * A custom gate: every constraint must evaluate to zero on every usable row. A gate that applies
 * only on some rows multiplies its constraints by a selector (a fixed column that is 1 on those rows
 * and 0 elsewhere).
 */
public record Gate(String name, List<Expression> constraints) {
    public Gate {
        Objects.requireNonNull(name, "name");
        constraints = List.copyOf(constraints);
        if (constraints.isEmpty()) {
            throw new IllegalArgumentException("gate '" + name + "' has no constraints");
        }
    }

    public static Gate of(String name, Expression... constraints) {
        return new Gate(name, List.of(constraints));
    }

    /** The largest degree among the constraints. */
    public int degree() {
        int d = 0;
        for (Expression e : constraints) {
            d = Math.max(d, e.degree());
        }
        return d;
    }
}
