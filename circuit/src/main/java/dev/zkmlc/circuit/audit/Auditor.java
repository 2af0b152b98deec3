package dev.zkmlc.circuit.audit;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Region;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.gadget.Gadget;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.mock.Failure;
import dev.zkmlc.circuit.mock.MockProver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongUnaryOperator;

/**
 * Searches for a second witness: one that satisfies every gate, lookup and copy constraint of a
 * compiled circuit but differs from the honest witness for the same input. Each one found means a
 * cheating prover has freedom the gadget was meant to remove.
 *
 * <p>Three kinds of mutation, each checked with the {@link MockProver}:
 * <ul>
 * <li><b>wire re-solving</b>: a computed wire (a gadget's output) is moved by a small or a large
 *     amount, every gadget downstream of it is re-run on the changed value, and the witness filler
 *     re-derives every auxiliary cell (remainders, limbs, selector bits, products) from the changed
 *     wires; this is how a prover who wants a different output would build a witness, so a gadget
 *     that accepts it is under-constrained;
 * <li><b>single cells</b>: each dependent advice cell alone, by +1, -1 and a random amount;
 * <li><b>cell pairs</b>: two dependent cells of the same row moved together by opposite or equal
 *     amounts (what a missing product or sum term would allow).
 * </ul>
 * The search is sampled (see {@link Options}) and seeded, so the same call gives the same report.
 * It finds under-constraints that small moves expose; it is a test, not a proof.
 */
public final class Auditor {
    /** At most this many free wires are tried as the source of a changed cell. */
    private static final int FREE_WIRE_CANDIDATES = 256;
    /**
     * How much to try.
     *
     * @param wires computed wires to re-solve (all when fewer)
     * @param cells single dependent cells to change (all when fewer)
     * @param pairs same-row cell pairs to change
     * @param seed the sampling seed
     */
    public record Options(int wires, int cells, int pairs, long seed) {
        public Options {
            if (wires < 0 || cells < 0 || pairs < 0) {
                throw new IllegalArgumentException("audit budgets must be >= 0");
            }
        }

        public static Options defaults() {
            return new Options(200, 200, 100, 1);
        }
    }

    /** What the search tried and what it found (at most one finding per gadget or cell tried). */
    public record Report(int witnessesTried, List<Finding> findings) {
        public Report {
            findings = List.copyOf(findings);
        }

        public boolean clean() {
            return findings.isEmpty();
        }
    }

    private final CompiledCircuit circuit;
    private final ConstraintSystem cs;
    private final GadgetProgram program;
    private final WitnessEdit edit;
    private final Options options;
    private final long[] honestWires;
    private final Witness honest;
    private final Map<String, long[]> honestOutputs;
    private final int[] producer;
    private final Map<Integer, List<CellRef>> cellsByRow = new LinkedHashMap<>();
    private final List<Finding> findings = new ArrayList<>();
    private int tried;

    private Auditor(CompiledCircuit circuit, Map<String, long[]> quantizedInputs, Options options) {
        this.circuit = circuit;
        this.cs = circuit.constraintSystem();
        this.program = circuit.program();
        this.edit = new WitnessEdit(cs);
        this.options = options;
        this.honestWires = program.evaluate(quantizedInputs);
        this.honest = circuit.fillWitness(honestWires);
        this.honestOutputs = program.outputValues(honestWires);
        this.producer = new int[program.wireCount()];
        Arrays.fill(producer, -1);
        for (CellRef c : circuit.dependentCells()) {
            cellsByRow.computeIfAbsent(c.row(), x -> new ArrayList<>()).add(c);
        }
        List<Gadget> gadgets = program.gadgets();
        for (int i = 0; i < gadgets.size(); i++) {
            for (int w : gadgets.get(i).outputs()) {
                producer[w] = i;
            }
        }
    }

    /**
     * Audits the circuit around the honest witness of the quantized inputs (by input name); throws
     * {@link IllegalStateException} when the honest witness itself fails (audit a complete circuit).
     */
    public static Report audit(CompiledCircuit circuit, Map<String, long[]> quantizedInputs, Options options) {
        Auditor a = new Auditor(circuit, quantizedInputs, options);
        if (!MockProver.check(a.cs, a.honest, 1).isEmpty()) {
            throw new IllegalStateException("the honest witness does not satisfy the circuit; run the mock prover first");
        }
        Random r = new Random(options.seed());
        a.resolveWires(r);
        a.changeCells(r);
        a.changePairs(r);
        return new Report(a.tried, a.findings);
    }

    private void resolveWires(Random r) {
        List<Integer> computed = new ArrayList<>();
        for (int w = 0; w < program.wireCount(); w++) {
            if (producer[w] >= 0) {
                computed.add(w);
            }
        }
        for (int w : sample(computed, options.wires(), r)) {
            long big = 1L << (8 + r.nextInt(20));
            List<LongUnaryOperator> moves = List.of(v -> v + 1, v -> v - 1, v -> v + big, v -> -v - 1);
            for (LongUnaryOperator move : moves) {
                long[] wires = honestWires.clone();
                wires[w] = move.applyAsLong(wires[w]);
                if (wires[w] == honestWires[w]) {
                    continue;
                }
                String how = "wire " + w + " = " + wires[w] + " instead of " + honestWires[w];
                long[] resolved = downstream(wires, w);
                if (resolved != null) {
                    how += ", downstream gadgets re-run";
                    wires = resolved;
                }
                Gadget g = program.gadgets().get(producer[w]);
                Witness candidate;
                try {
                    candidate = circuit.fillWitness(wires);
                } catch (RuntimeException e) {
                    // The filler's exact arithmetic refuses the moved value; try the next move.
                    continue;
                }
                if (accepted(candidate, how, g, wires)
                        || move == moves.get(0) && repaired(candidate, Fr.of(wires[w]).sub(Fr.of(honestWires[w])), how, g, wires)) {
                    break;
                }
            }
        }
    }

    /** Re-runs every gadget after the producer of {@code w} on the changed values; null when one refuses them. */
    private long[] downstream(long[] wires, int w) {
        long[] v = wires.clone();
        List<Gadget> gadgets = program.gadgets();
        try {
            for (int i = producer[w] + 1; i < gadgets.size(); i++) {
                gadgets.get(i).evaluate(v, program.tables());
            }
        } catch (RuntimeException e) {
            // A downstream range check refuses the changed value: keep the rest honest instead.
            return null;
        }
        return v;
    }

    private void changeCells(Random r) {
        for (CellRef c : sample(circuit.dependentCells(), options.cells(), r)) {
            Fr v = honest.get(c.column(), c.row());
            Fr random = Fr.of(2 + r.nextInt(1 << 20));
            for (Fr delta : List.of(Fr.ONE, Fr.ONE.neg(), random)) {
                if (accepted(edit.with(honest, c, v.add(delta)), "cell " + c + " + " + delta, null, null)) {
                    break;
                }
            }
        }
    }

    /**
     * Over rows in random order: each dependent cell with its right neighbour and with the row's
     * last cell (a gate's result), moved by equal and by opposite amounts, until the budget is spent.
     */
    private void changePairs(Random r) {
        List<List<CellRef>> rows = new ArrayList<>();
        for (List<CellRef> cells : cellsByRow.values()) {
            if (cells.size() >= 2) {
                rows.add(cells);
            }
        }
        Collections.shuffle(rows, r);
        int budget = options.pairs();
        for (List<CellRef> row : rows) {
            List<CellRef> cells = new ArrayList<>(row);
            cells.sort((x, y) -> Integer.compare(x.column().index(), y.column().index()));
            CellRef last = cells.get(cells.size() - 1);
            for (int i = 0; i + 1 < cells.size(); i++) {
                for (CellRef b : i + 2 < cells.size() ? List.of(cells.get(i + 1), last) : List.of(last)) {
                    for (Fr db : List.of(Fr.ONE, Fr.ONE.neg())) {
                        if (budget-- <= 0) {
                            return;
                        }
                        CellRef a = cells.get(i);
                        Map<CellRef, Fr> changes = Map.of(a, honest.get(a.column(), a.row()).add(Fr.ONE),
                                b, honest.get(b.column(), b.row()).add(db));
                        accepted(edit.with(honest, changes), "cells " + a + " + 1 and " + b + " + " + db, null, null);
                    }
                }
            }
        }
    }

    /**
     * When the candidate fails only gate constraints on one row, re-solves that row: tries moving each
     * other dependent cell of the row by the same amount either way (a carry, a remainder, a limb
     * that the filler derived from the honest values).
     */
    private boolean repaired(Witness candidate, Fr delta, String how, Gadget gadget, long[] wires) {
        List<Failure> failures = MockProver.check(cs, candidate, 4);
        if (failures.isEmpty()) {
            return false;
        }
        int row = failures.get(0).row();
        for (Failure f : failures) {
            if (!Failure.GATE.equals(f.kind()) || f.row() != row) {
                return false;
            }
        }
        for (CellRef c : cellsByRow.getOrDefault(row, List.of())) {
            if (edit.isCopied(c)) {
                // Moving a copied cell alone breaks its copy: only the row's own cells can re-solve it.
                continue;
            }
            Fr v = candidate.get(c.column(), c.row());
            for (Fr d : List.of(delta, delta.neg())) {
                if (holdsFreeWire(c, v, v.add(d))) {
                    // Moving a private input or weight to absorb the change is another private statement.
                    continue;
                }
                if (accepted(edit.with(candidate, c, v.add(d)), how + ", " + c + " re-solved", gadget, wires)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Checks a candidate witness; records a finding when it passes and differs from the honest one. */
    private boolean accepted(Witness candidate, String how, Gadget gadget, long[] wires) {
        tried++;
        if (!MockProver.check(cs, candidate, 1).isEmpty()) {
            return false;
        }
        if (gadget == null && onlyFreeValuesChanged(candidate)) {
            // A different private input or private weight: another statement the prover may choose.
            return false;
        }
        Optional<CellRef> changed = firstDifference(candidate);
        if (changed.isEmpty()) {
            // The value sits in no cell (e.g. a wire nothing reads): no second witness.
            return false;
        }
        CellRef cell = changed.get();
        Optional<Region> region = cs.regionAt(cell.row());
        String origin = gadget != null ? gadget.origin() : region.map(Region::origin).orElse(null);
        boolean outputChanges;
        if (wires != null) {
            outputChanges = !sameOutputs(program.outputValues(wires));
        } else {
            outputChanges = cs.instance().stream().anyMatch(col -> !candidate.column(col).equals(honest.column(col)));
        }
        findings.add(new Finding(how, gadget != null ? gadget.kind() : null, origin,
                region.map(Region::name).orElse(null), cell.toString(), outputChanges));
        return true;
    }

    private boolean sameOutputs(Map<String, long[]> outputs) {
        for (Map.Entry<String, long[]> e : honestOutputs.entrySet()) {
            if (!Arrays.equals(e.getValue(), outputs.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether every changed cell holds the value of a free wire (a private input or a private
     * weight): filling the witness with just that wire moved by the same amount moves the cell.
     */
    private boolean onlyFreeValuesChanged(Witness candidate) {
        for (CellRef c : circuit.dependentCells()) {
            Fr now = candidate.get(c.column(), c.row());
            Fr was = honest.get(c.column(), c.row());
            if (!now.equals(was) && !holdsFreeWire(c, was, now)) {
                return false;
            }
        }
        return true;
    }

    private boolean holdsFreeWire(CellRef c, Fr was, Fr now) {
        Long delta = smallDifference(now, was);
        if (delta == null) {
            return false;
        }
        int tried = 0;
        for (int w = 0; w < program.wireCount() && tried < FREE_WIRE_CANDIDATES; w++) {
            if (producer[w] >= 0 || program.isFixedConstant(w) || !Fr.of(honestWires[w]).equals(was)) {
                continue;
            }
            tried++;
            long[] wires = honestWires.clone();
            wires[w] += delta;
            try {
                if (circuit.fillWitness(wires).get(c.column(), c.row()).equals(now)) {
                    return true;
                }
            } catch (RuntimeException e) {
                // The filler refuses the moved value: not this wire.
            }
        }
        return false;
    }

    /** The difference as a long when it is small enough to be a move of a quantized value, else null. */
    private static Long smallDifference(Fr a, Fr b) {
        long d = a.sub(b).toLongOr(Long.MIN_VALUE);
        return d == Long.MIN_VALUE || Math.abs(d) > 1L << 40 ? null : d;
    }

    private Optional<CellRef> firstDifference(Witness candidate) {
        for (CellRef c : circuit.dependentCells()) {
            if (!candidate.get(c.column(), c.row()).equals(honest.get(c.column(), c.row()))) {
                return Optional.of(c);
            }
        }
        for (Column col : cs.instance()) {
            int n = Math.max(candidate.column(col).length(), honest.column(col).length());
            for (int row = 0; row < n; row++) {
                if (!candidate.get(col, row).equals(honest.get(col, row))) {
                    return Optional.of(new CellRef(col, row));
                }
            }
        }
        return Optional.empty();
    }

    private static <T> List<T> sample(List<T> all, int n, Random r) {
        if (all.size() <= n) {
            return all;
        }
        List<T> copy = new ArrayList<>(all);
        Collections.shuffle(copy, r);
        return copy.subList(0, n);
    }
}
