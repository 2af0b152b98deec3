package dev.zkmlc.circuit.cs;

import java.util.List;
import java.util.Objects;

/**
 * A lookup argument: on every usable row, the tuple of input expressions must equal the tuple of
 * table expressions on some usable row. Table expressions read fixed columns only.
 *
 * <p>As in halo2, rows where the lookup is "off" still produce an input tuple (typically all zeros,
 * when every input is multiplied by a selector), so the table must contain that tuple too.
 */
public record Lookup(String name, List<Expression> inputs, List<Expression> table) {
    public Lookup {
        Objects.requireNonNull(name, "name");
        inputs = List.copyOf(inputs);
        table = List.copyOf(table);
        if (inputs.isEmpty() || inputs.size() != table.size()) {
            throw new IllegalArgumentException("lookup '" + name + "' needs as many inputs as table expressions (>= 1), got "
                    + inputs.size() + " and " + table.size());
        }
    }

    /**
     * The degree this lookup adds to the constraint system, counted as halo2 counts it:
     * 2 + (max input degree) + (max table degree), each at least 1, from the grand-product
     * constraint z(ωX)(a'+β)(s'+γ) - z(X)(θ-combined inputs + β)(θ-combined table + γ).
     */
    public int degree() {
        return 2 + maxDegree(inputs) + maxDegree(table);
    }

    private static int maxDegree(List<Expression> es) {
        int d = 1;
        for (Expression e : es) {
            d = Math.max(d, e.degree());
        }
        return d;
    }
}
