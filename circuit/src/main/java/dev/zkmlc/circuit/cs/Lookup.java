package dev.zkmlc.circuit.cs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A lookup argument: on every usable row, the tuple of input expressions must equal the tuple of some
 * table segment on some usable row. The table is the union of its segments: each segment is a tuple of
 * expressions over fixed columns, of the inputs' arity, usually laid out in columns of its own, so that a
 * table of R entries split into S segments needs only ceil(R/S) rows.
 *
 * <p>As in halo2, rows where the lookup is "off" still produce an input tuple (typically all zeros,
 * when every input is multiplied by a selector), so the table must contain that tuple too.
 */
public record Lookup(String name, List<Expression> inputs, List<List<Expression>> segments) {
    public Lookup {
        Objects.requireNonNull(name, "name");
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("lookup '" + name + "' needs at least one input");
        }
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("lookup '" + name + "' needs at least one table segment");
        }
        List<List<Expression>> copied = new ArrayList<>(segments.size());
        for (int s = 0; s < segments.size(); s++) {
            List<Expression> segment = List.copyOf(segments.get(s));
            if (segment.size() != inputs.size()) {
                throw new IllegalArgumentException("lookup '" + name + "' needs as many table expressions as inputs ("
                        + inputs.size() + ") in every segment, segment " + s + " has " + segment.size());
            }
            copied.add(segment);
        }
        segments = List.copyOf(copied);
    }

    /** A lookup into a table laid out as one segment. */
    public static Lookup single(String name, List<Expression> inputs, List<Expression> table) {
        return new Lookup(name, inputs, List.of(table));
    }

    /**
     * The degree this lookup adds to the constraint system under the prover's logUp argument:
     * 2 + (max input degree) + (max segment degree), each at least 1. The first lookup into a table carries the
     * table's running sum φ, constrained by l_active·((φ(ωX) - φ(X) + Σ h)·(f + β)·(t_0 + β) - m_0·(f + β) +
     * (t_0 + β)); the table's other lookups enter φ through helper columns h, and the further segments are summed in
     * groups, each group only as large as the circuit's degree allows, so neither exceeds this bound
     * (docs/prover.md).
     */
    public int degree() {
        int table = 1;
        for (List<Expression> segment : segments) {
            table = Math.max(table, maxDegree(segment));
        }
        return 2 + maxDegree(inputs) + table;
    }

    private static int maxDegree(List<Expression> es) {
        int d = 1;
        for (Expression e : es) {
            d = Math.max(d, e.degree());
        }
        return d;
    }
}
