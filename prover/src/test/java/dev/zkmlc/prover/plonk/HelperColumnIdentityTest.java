package dev.zkmlc.prover.plonk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnKind;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.cs.Lookup;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The logUp identities with helper columns, evaluated row by row on H for explicit assignments of every column
 * (what the quotient argument checks, without the commitments): h is free on the rows from u on, where the
 * prover puts random values, and pinned to Σ 1/(f_l + β) on every usable row. A prover that feeds a value outside
 * the table to a helper's lookup and sets h on that row as if the value were in the table (so that the running sum
 * ends at 0) breaks the helper's identity on that row and nowhere else.
 */
class HelperColumnIdentityTest {
    private final Random rnd = new Random(20261124);

    /** Values of every column the lookup identities read, on rows 0..n-1. */
    private final class Assignment {
        final Argument arg;
        final Map<Column, Fr[]> values = new HashMap<>();

        /**
         * The circuit's advice from the witness on the usable rows and random past them; m, h and φ as an honest
         * prover computes them from the inputs (each input counted as {@code counted} says), random past the rows
         * their identities read.
         */
        Assignment(Argument arg, Witness w, Fr theta, Fr beta, UnaryOperator<Fr[][]> counted) {
            this.arg = arg;
            ConstraintSystem cs = arg.cs;
            int n = arg.n;
            int u = arg.u;
            for (Column c : cs.advice()) {
                Fr[] v = new Fr[n];
                for (int row = 0; row < n; row++) {
                    v[row] = row < u ? w.get(c, row) : randomFr();
                }
                values.put(c, v);
            }
            for (Column c : cs.fixed()) {
                Fr[] v = new Fr[n];
                for (int row = 0; row < n; row++) {
                    v[row] = cs.fixedValue(c, row);
                }
                values.put(c, v);
            }
            Fr[] l0 = new Fr[n];
            Fr[] lLast = new Fr[n];
            Fr[] lActive = new Fr[n];
            for (int row = 0; row < n; row++) {
                l0[row] = row == 0 ? Fr.ONE : Fr.ZERO;
                lLast[row] = row == u ? Fr.ONE : Fr.ZERO;
                lActive[row] = row < u ? Fr.ONE : Fr.ZERO;
            }
            values.put(arg.l0, l0);
            values.put(arg.lLast, lLast);
            values.put(arg.lActive, lActive);
            Fr[][] inputs = new Fr[arg.lookupCount][];
            for (int l = 0; l < arg.lookupCount; l++) {
                inputs[l] = input(l, theta);
            }
            Fr[][] asCounted = counted.apply(inputs);
            for (int t = 0; t < arg.tableCount; t++) {
                Expression table = Argument.compress(cs.lookups().get(arg.tableOwner[t]).segments().get(0), theta);
                Fr[] tv = new Fr[n];
                Fr[] m = new Fr[n];
                for (int row = 0; row < n; row++) {
                    tv[row] = eval(table, row);
                    m[row] = row < u ? Fr.ZERO : randomFr();
                }
                for (int l = 0; l < arg.lookupCount; l++) {
                    for (int row = 0; arg.tableOf[l] == t && row < u; row++) {
                        int at = firstRow(tv, u, asCounted[l][row]);
                        m[at] = m[at].add(Fr.ONE);
                    }
                }
                values.put(arg.multiplicity(t), m);
            }
            for (int g = 0; g < arg.helperCount; g++) {
                Fr[] h = new Fr[n];
                for (int row = 0; row < n; row++) {
                    h[row] = row < u ? Fr.ZERO : randomFr();
                    for (int l : arg.helperMembers[g]) {
                        h[row] = row < u ? h[row].add(inputs[l][row].add(beta).inverse()) : h[row];
                    }
                }
                values.put(arg.helper(g), h);
            }
            for (int t = 0; t < arg.tableCount; t++) {
                runningSum(t, inputs[arg.tableOwner[t]], beta, theta);
            }
        }

        /** φ(0) = 0, φ(r+1) = φ(r) + m/(t + β) - 1/(f + β) - Σ_G h_G on the usable rows, random after row u. */
        void runningSum(int t, Fr[] owner, Fr beta, Fr theta) {
            Expression table = Argument.compress(arg.cs.lookups().get(arg.tableOwner[t]).segments().get(0), theta);
            Fr[] phi = new Fr[arg.n];
            phi[0] = Fr.ZERO;
            for (int row = 0; row < arg.u; row++) {
                Fr step = values.get(arg.multiplicity(t))[row].mul(eval(table, row).add(beta).inverse())
                        .sub(owner[row].add(beta).inverse());
                for (int g = 0; g < arg.helperCount; g++) {
                    step = arg.helperTable[g] == t ? step.sub(values.get(arg.helper(g))[row]) : step;
                }
                phi[row + 1] = phi[row].add(step);
            }
            for (int row = arg.u + 1; row < arg.n; row++) {
                phi[row] = randomFr();
            }
            values.put(arg.logUp(t), phi);
        }

        /** Lookup l's compressed input on every row. */
        Fr[] input(int l, Fr theta) {
            Expression f = Argument.compress(arg.cs.lookups().get(l).inputs(), theta);
            Fr[] v = new Fr[arg.n];
            for (int row = 0; row < arg.n; row++) {
                v[row] = eval(f, row);
            }
            return v;
        }

        Fr eval(Expression e, int row) {
            return e.evaluate(row, (c, r) -> values.get(c)[Math.floorMod(r, arg.n)]);
        }

        /** The lookup identities (with their labels) that do not vanish, as "label@row". */
        List<String> failures(Fr theta, Fr beta) {
            List<Expression> all = arg.constraints(theta, beta, Fr.ONE);
            List<String> labels = arg.constraintLabels();
            List<String> out = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (!labels.get(i).startsWith("lookup")) {
                    continue; // gates and the permutation: not this test's subject
                }
                for (int row = 0; row < arg.n; row++) {
                    if (!eval(all.get(i), row).isZero()) {
                        out.add(labels.get(i) + "@" + row);
                    }
                }
            }
            return out;
        }
    }

    private Fr randomFr() {
        return Fr.of(rnd.nextLong());
    }

    private static int firstRow(Fr[] table, int u, Fr value) {
        for (int row = 0; row < u; row++) {
            if (table[row].equals(value)) {
                return row;
            }
        }
        throw new AssertionError("not in the table: " + value);
    }

    private static Argument argument(ConstraintSystem cs) {
        return new Argument(cs, Setup.gatedConstraints(cs), Setup.inertLookups(cs));
    }

    @Test
    void helperColumnsAreFreeFromRowUOnAndPinnedOnTheUsableRows() {
        for (boolean selected : new boolean[] {true, false}) {
            SharedTableLookupTest.Shared c = new SharedTableLookupTest.Shared(4, 1, selected, 6);
            Argument arg = argument(c.cs);
            assertEquals(2, arg.helperCount);
            assertEquals(selected, arg.helperInert[0]);
            Fr theta = randomFr();
            Fr beta = randomFr();
            for (int trial = 0; trial < 3; trial++) {
                // Fresh random values on every row from u on (advice, m, h, φ): the identities hold whatever they are.
                Assignment a = new Assignment(arg, c.witness(), theta, beta, UnaryOperator.identity());
                assertEquals(List.of(), a.failures(theta, beta), "selected " + selected);
            }
            Assignment a = new Assignment(arg, c.witness(), theta, beta, UnaryOperator.identity());
            for (int g = 0; g < arg.helperCount; g++) {
                for (int row : new int[] {0, 3, SharedTableLookupTest.LEN, arg.u - 1}) {
                    Fr[] h = a.values.get(arg.helper(g));
                    Fr kept = h[row];
                    h[row] = kept.add(Fr.ONE);
                    String label = "lookup helper '" + arg.helper(g).name() + "' (input not in table)@" + row;
                    assertTrue(a.failures(theta, beta).contains(label), label + " held with h changed");
                    h[row] = kept;
                }
            }
            assertEquals(List.of(), a.failures(theta, beta));
        }
    }

    @Test
    void aHelperSetAsIfABadInputWereInTheTableBreaksItsOwnIdentityOnThatRow() {
        for (boolean selected : new boolean[] {true, false}) {
            SharedTableLookupTest.Shared c = new SharedTableLookupTest.Shared(4, 1, selected, 6);
            Argument arg = argument(c.cs);
            Fr theta = randomFr();
            Fr beta = randomFr();
            for (int lookup = 1; lookup < 4; lookup++) {
                int row = 2;
                long good = SharedTableLookupTest.Shared.value(lookup, row);
                Witness bad = c.witnessWith(lookup, row, 36 + good);
                int which = lookup;
                // m counts the value the row should hold; then h on that row is recomputed from it, so φ ends at 0.
                Assignment a = new Assignment(arg, bad, theta, beta, inputs -> {
                    Fr[][] copy = inputs.clone();
                    copy[which] = inputs[which].clone();
                    copy[which][row] = Fr.of(good);
                    return copy;
                });
                int g = 0;
                while (!contains(arg.helperMembers[g], lookup)) {
                    g++;
                }
                Fr[] h = a.values.get(arg.helper(g));
                h[row] = h[row].sub(Fr.of(36 + good).add(beta).inverse()).add(Fr.of(good).add(beta).inverse());
                a.runningSum(0, a.input(0, theta), beta, theta);
                assertEquals(List.of("lookup helper '" + arg.helper(g).name() + "' (input not in table)@" + row),
                        a.failures(theta, beta), "lookup " + lookup + ", selected " + selected);
            }
        }
    }

    /**
     * Setup marks a lookup inert from its fixed factors on rows u..n-1, row u (l_last's) included and rotations
     * wrapped: a selector read one row back is 1 on row u when it is 1 on the last usable row, so a lookup through it
     * is not inert, and its helper takes l_active (with random advice on row u the identity would fail there).
     */
    @Test
    void aSelectorReadOneRowBackThatReachesRowUIsNotInert() {
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        Column x0 = b.advice("x0");
        Column x1 = b.advice("x1");
        Column x2 = b.advice("x2");
        Column q = b.fixed("q");
        Column t = b.fixed("t");
        for (int r = 0; r < 16; r++) {
            b.fixed(t, r, r);
        }
        List<Expression> table = List.of(t.cur());
        b.lookup(new Lookup("owner", List.of(q.cur().times(x0.cur())), List.of(table)));
        b.lookup(new Lookup("same row", List.of(q.cur().times(x1.cur())), List.of(table)));
        b.lookup(new Lookup("one back", List.of(q.prev().times(x2.cur())), List.of(table)));
        ConstraintSystem probe = b.k(5).build();
        int u = probe.usableRows();
        for (int r = 0; r < u; r++) {
            b.fixed(q, r, 1);
        }
        ConstraintSystem cs = b.k(5).build();
        assertArrayEquals(new boolean[] {true, true, false}, Setup.inertLookups(cs));
        Argument arg = argument(cs);
        // The pair would need degree 6 under l_active, past the owner's 5: one helper each.
        assertEquals(2, arg.helperCount);
        assertArrayEquals(new boolean[] {true, false}, arg.helperInert);
        Witness.Builder w = Witness.builder();
        for (int r = 0; r < u; r++) {
            w.set(x0, r, r % 16).set(x1, r, (3L * r) % 16).set(x2, r, (5L * r) % 16);
        }
        Fr theta = randomFr();
        Fr beta = randomFr();
        Assignment a = new Assignment(arg, w.build(), theta, beta, UnaryOperator.identity());
        assertEquals(List.of(), a.failures(theta, beta));
        assertFalse(a.input(2, theta)[u].isZero(), "the input reads the random x2 on row u");
        // Marked inert regardless, the helper's identity would fail from row u on (the honest prover could not
        // prove), never on a usable row: the flag costs completeness or zero knowledge, not soundness.
        Argument forced = new Argument(cs, Setup.gatedConstraints(cs), new boolean[] {true, true, true});
        Assignment f = new Assignment(forced, w.build(), theta, beta, UnaryOperator.identity());
        List<String> failures = f.failures(theta, beta);
        assertFalse(failures.isEmpty());
        for (String failure : failures) {
            assertTrue(Integer.parseInt(failure.substring(failure.lastIndexOf('@') + 1)) >= u, failure);
        }
    }

    private static boolean contains(int[] xs, int x) {
        for (int v : xs) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }
}
