package dev.zkmlc.prover.plonk;

import dev.zkmlc.circuit.cs.Column;
import java.util.Comparator;

/** A polynomial opened at x·ω^rotation: a column of the circuit or one of the argument's own polynomials. */
record Query(Column column, int rotation) {
    /** Advice before fixed, then by column index, then by rotation: the order of the evaluations in a proof. */
    static final Comparator<Query> ORDER = Comparator.<Query>comparingInt(q -> q.column().kind().ordinal())
            .thenComparingInt(q -> q.column().index())
            .thenComparingInt(Query::rotation);
}
