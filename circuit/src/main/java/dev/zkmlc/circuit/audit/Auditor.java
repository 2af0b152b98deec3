package dev.zkmlc.circuit.audit;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.cs.CellReader;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.ColumnKind;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.cs.Region;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.gadget.Gadget;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.mock.MockProver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.LongUnaryOperator;

/**
 * Searches for a second witness: one that satisfies every gate, lookup and copy constraint of a
 * compiled circuit but differs from the honest witness for the same input. Each one found means a
 * cheating prover has freedom the gadget was meant to remove.
 *
 * <p>A candidate starts from a mutation and is then <em>re-solved</em>: the constraints it breaks
 * are repaired, round after round, by changing other cells, as a prover who wants the mutation to
 * stand would. A broken gate with one open cell (preferably an auxiliary one: a remainder, a limb, a
 * running sum, a product) is solved for it, whatever row or region the cell lies in; a broken lookup
 * or copy, or a gate with several open cells, gets its changed open cells put back to their honest
 * values (a remainder that keeps its honest value while its quotient moves). Cells move together
 * with everything copy-constrained to them; the cells the mutation chose, cells tied to a fixed
 * value, and the cells of private inputs and private weights are never re-solved, so whatever the
 * search finds keeps the same private statement.
 *
 * <p>The mutations, each seeded and sampled across gadgets and regions (see {@link Options}):
 * <ul>
 * <li><b>wires</b>: a computed wire (a gadget's output) moved by ±1, a large amount, negated, or set
 *     to zero (a relu that drops its input); every gadget downstream re-run and the witness
 *     re-filled from the wires, then re-solved;
 * <li><b>cells</b>: a dependent cell alone by +1, -1 and a random amount (what a missing copy
 *     allows), and with its copy class by ±1, then re-solved;
 * <li><b>pairs</b>: two cells of one row moved together by equal or opposite amounts, and two cells
 *     of different rows of one region moved with their copy classes, then re-solved.
 * </ul>
 * Each candidate is checked only on the constraints that read a changed cell ({@link LocalCheck}),
 * and confirmed with the full {@link MockProver} before it is reported. It finds under-constraints
 * that small moves expose; it is a test, not a proof.
 */
public final class Auditor {
    /** Repair rounds before a candidate is given up. */
    private static final int MAX_ROUNDS = 16;
    /** Broken constraints looked at per round. */
    private static final int MAX_VIOLATIONS = 64;
    /** A candidate that grows past this many changed cells is given up. */
    private static final int MAX_CHANGED = 20_000;

    /**
     * How much to try.
     *
     * @param wires computed wires to re-solve (all when fewer)
     * @param cells single dependent cells to change (all when fewer)
     * @param pairs cell pairs to change (half within a row, half across rows of a region)
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
    private final int[] producer;
    private final boolean[] outputWire;
    private final Set<CellRef> dependent;
    private final CellWires cellWires;
    private final LocalCheck check;
    private final Map<CellRef, List<CellRef>> classes = new HashMap<>();
    private final Map<CellRef, Boolean> adjustable = new HashMap<>();
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
        this.producer = new int[program.wireCount()];
        Arrays.fill(producer, -1);
        List<Gadget> gadgets = program.gadgets();
        for (int i = 0; i < gadgets.size(); i++) {
            for (int w : gadgets.get(i).outputs()) {
                producer[w] = i;
            }
        }
        this.outputWire = new boolean[program.wireCount()];
        for (GadgetProgram.TensorWires t : program.outputs()) {
            for (int w : t.wires()) {
                outputWire[w] = true;
            }
        }
        this.dependent = new LinkedHashSet<>(circuit.dependentCells());
        this.cellWires = CellWires.of(circuit, honestWires, honest);
        this.check = new LocalCheck(cs, honest, edit);
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
        a.moveWires(r);
        a.moveCells(r);
        a.movePairs(r);
        return new Report(a.tried, a.findings);
    }

    // ---------------------------------------------------------------- mutations

    private void moveWires(Random r) {
        Map<Integer, List<Integer>> byGadget = new LinkedHashMap<>();
        for (int w = 0; w < program.wireCount(); w++) {
            if (producer[w] >= 0) {
                byGadget.computeIfAbsent(producer[w], x -> new ArrayList<>()).add(w);
            }
        }
        for (int w : stratified(byGadget.values(), options.wires(), r)) {
            long big = 1L << (8 + r.nextInt(20));
            List<LongUnaryOperator> moves = List.of(v -> v + 1, v -> v - 1, v -> v + big, v -> -v - 1, v -> 0);
            Gadget g = program.gadgets().get(producer[w]);
            for (LongUnaryOperator move : moves) {
                long[] wires = honestWires.clone();
                wires[w] = move.applyAsLong(wires[w]);
                if (wires[w] == honestWires[w]) {
                    continue;
                }
                String how = "wire " + w + " = " + wires[w] + " instead of " + honestWires[w];
                long[] rerun = downstream(wires, w);
                if (rerun != null) {
                    how += ", downstream gadgets re-run";
                    wires = rerun;
                }
                Map<CellRef, Fr> changes;
                try {
                    changes = CellWires.diff(cs, honest, circuit.fillWitness(wires));
                } catch (RuntimeException e) {
                    // The filler's exact arithmetic refuses the moved value; try the next move.
                    continue;
                }
                Set<CellRef> pinned = new LinkedHashSet<>();
                for (CellRef c : changes.keySet()) {
                    if (cellWires.wire(c) == w) {
                        pinned.add(c);
                    }
                }
                if (!pinned.isEmpty() && resolvedAndAccepted(changes, pinned, how, g)) {
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

    private void moveCells(Random r) {
        Map<Integer, List<CellRef>> byRegion = new LinkedHashMap<>();
        for (CellRef c : dependent) {
            byRegion.computeIfAbsent(cs.regionAt(c.row()).map(Region::firstRow).orElse(-1), x -> new ArrayList<>()).add(c);
        }
        for (CellRef c : stratified(byRegion.values(), options.cells(), r)) {
            Fr v = honest.get(c.column(), c.row());
            Fr random = Fr.of(2 + r.nextInt(1 << 20));
            boolean found = false;
            for (Fr delta : List.of(Fr.ONE, Fr.ONE.neg(), random)) {
                Map<CellRef, Fr> changes = new LinkedHashMap<>();
                changes.put(c, v.add(delta));
                if (accepted(changes, Set.of(c), "cell " + c + " + " + delta, null)) {
                    found = true;
                    break;
                }
            }
            if (found || !adjustable(c)) {
                continue;
            }
            for (Fr delta : List.of(Fr.ONE, Fr.ONE.neg())) {
                Map<CellRef, Fr> changes = new LinkedHashMap<>();
                moveClass(changes, c, v.add(delta));
                if (resolvedAndAccepted(changes, new LinkedHashSet<>(changes.keySet()),
                        "cell " + c + " + " + delta + " with its copies", null)) {
                    break;
                }
            }
        }
    }

    private void movePairs(Random r) {
        sameRowPairs(r, options.pairs() - options.pairs() / 2);
        regionPairs(r, options.pairs() / 2);
    }

    /**
     * Over rows in random order: each dependent cell with its right neighbour and with the row's
     * last cell (a gate's result), moved by equal and by opposite amounts, until the budget is spent.
     */
    private void sameRowPairs(Random r, int budget) {
        Map<Integer, List<CellRef>> byRow = new LinkedHashMap<>();
        for (CellRef c : dependent) {
            byRow.computeIfAbsent(c.row(), x -> new ArrayList<>()).add(c);
        }
        List<List<CellRef>> rows = new ArrayList<>();
        for (List<CellRef> cells : byRow.values()) {
            if (cells.size() >= 2) {
                rows.add(cells);
            }
        }
        Collections.shuffle(rows, r);
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
                        Map<CellRef, Fr> changes = new LinkedHashMap<>();
                        changes.put(a, honest.get(a.column(), a.row()).add(Fr.ONE));
                        changes.put(b, honest.get(b.column(), b.row()).add(db));
                        accepted(changes, changes.keySet(), "cells " + a + " + 1 and " + b + " + " + db, null);
                    }
                }
            }
        }
    }

    /**
     * Two adjustable cells in different rows of one region (a quotient and a remainder, a limb and
     * the value it decomposes, two steps of a running sum), moved with their copy classes by +1 and
     * ±1, then re-solved.
     */
    private void regionPairs(Random r, int budget) {
        Map<Integer, List<CellRef>> byRegion = new LinkedHashMap<>();
        for (CellRef c : dependent) {
            Region region = cs.regionAt(c.row()).orElse(null);
            if (region != null && region.rowCount() > 1 && adjustable(c)) {
                byRegion.computeIfAbsent(region.firstRow(), x -> new ArrayList<>()).add(c);
            }
        }
        List<List<CellRef>> regions = new ArrayList<>(byRegion.values());
        if (regions.isEmpty()) {
            return;
        }
        for (int attempts = 0; budget > 0 && attempts < 4 * options.pairs(); attempts++) {
            List<CellRef> cells = regions.get(r.nextInt(regions.size()));
            CellRef a = cells.get(r.nextInt(cells.size()));
            CellRef b = cells.get(r.nextInt(cells.size()));
            if (a.row() == b.row() || classOf(a).contains(b)) {
                continue;
            }
            budget--;
            Fr db = r.nextBoolean() ? Fr.ONE : Fr.ONE.neg();
            Map<CellRef, Fr> changes = new LinkedHashMap<>();
            moveClass(changes, a, honest.get(a.column(), a.row()).add(Fr.ONE));
            moveClass(changes, b, honest.get(b.column(), b.row()).add(db));
            resolvedAndAccepted(changes, new LinkedHashSet<>(changes.keySet()),
                    "cells " + a + " + 1 and " + b + " + " + db + " with their copies", null);
        }
    }

    // ---------------------------------------------------------------- re-solving

    private boolean resolvedAndAccepted(Map<CellRef, Fr> changes, Set<CellRef> pinned, String how, Gadget gadget) {
        Map<CellRef, Fr> solved = resolve(changes, pinned);
        if (solved == null) {
            tried++;
            return false;
        }
        return accepted(solved, pinned, solved.equals(changes) ? how : how + ", re-solved", gadget);
    }

    /**
     * Repairs the constraints a candidate breaks by moving open cells (adjustable, not yet moved by
     * the repair, not pinned); returns the repaired candidate, or null when it cannot be repaired.
     */
    private Map<CellRef, Fr> resolve(Map<CellRef, Fr> start, Set<CellRef> pinned) {
        Map<CellRef, Fr> changes = new LinkedHashMap<>(start);
        Set<CellRef> settled = new HashSet<>(pinned);
        // Only constraints that read a cell moved since the last check can have changed their
        // verdict, so each round re-checks those and the ones broken before (all of them when the
        // last check stopped at its limit).
        Collection<CellRef> touched = new ArrayList<>(changes.keySet());
        for (int round = 0; round < MAX_ROUNDS && changes.size() <= MAX_CHANGED; round++) {
            List<LocalCheck.Violation> violations = check.check(changes, touched, MAX_VIOLATIONS);
            if (violations.isEmpty()) {
                return changes;
            }
            Set<CellRef> moved = new LinkedHashSet<>();
            for (LocalCheck.Violation v : violations) {
                List<CellRef> open = new ArrayList<>();
                List<CellRef> openAux = new ArrayList<>();
                for (CellRef c : v.cells()) {
                    if (!settled.contains(c) && adjustable(c) && open.stream().noneMatch(o -> classOf(o).contains(c))) {
                        open.add(c);
                        if (cellWires.wire(c) < 0) {
                            openAux.add(c);
                        }
                    }
                }
                if (v.constraint() != null) {
                    CellRef target = openAux.size() == 1 ? openAux.get(0) : open.size() == 1 ? open.get(0) : null;
                    if (target != null && solve(changes, v.constraint(), v.row(), target)) {
                        settled.addAll(classOf(target));
                        moved.addAll(classOf(target));
                        continue;
                    }
                }
                for (CellRef c : open) {
                    if (changes.containsKey(c)) {
                        moveClass(changes, c, honest.get(c.column(), c.row()));
                        settled.addAll(classOf(c));
                        moved.addAll(classOf(c));
                    }
                }
            }
            if (moved.isEmpty()) {
                return null;
            }
            if (violations.size() >= MAX_VIOLATIONS) {
                touched = new ArrayList<>(changes.keySet());
                touched.addAll(moved);
            } else {
                for (LocalCheck.Violation v : violations) {
                    moved.addAll(v.cells());
                }
                touched = moved;
            }
        }
        return null;
    }

    /** Sets the target's copy class to the value that zeroes the constraint, if it is linear in it. */
    private boolean solve(Map<CellRef, Fr> changes, Expression constraint, int row, CellRef target) {
        Fr f0 = evaluateWith(changes, constraint, row, target, Fr.ZERO);
        Fr f1 = evaluateWith(changes, constraint, row, target, Fr.ONE);
        Fr f2 = evaluateWith(changes, constraint, row, target, Fr.of(2));
        Fr slope = f1.sub(f0);
        if (slope.isZero() || !f2.sub(f0).equals(slope.dbl())) {
            return false;
        }
        moveClass(changes, target, f0.neg().mul(slope.inverse()));
        return true;
    }

    private Fr evaluateWith(Map<CellRef, Fr> changes, Expression constraint, int row, CellRef target, Fr t) {
        Set<CellRef> cls = new HashSet<>(classOf(target));
        CellReader base = check.reader(changes);
        int rows = cs.rows();
        return constraint.evaluate(row, (column, r) -> cls.contains(new CellRef(column, Math.floorMod(r, rows))) ? t : base.read(column, r));
    }

    /** Gives the cell and every advice or instance cell copied to it the value (dropped where it is the honest one). */
    private void moveClass(Map<CellRef, Fr> changes, CellRef cell, Fr value) {
        for (CellRef c : classOf(cell)) {
            if (value.equals(honest.get(c.column(), c.row()))) {
                changes.remove(c);
            } else {
                changes.put(c, value);
            }
        }
    }

    /** The cell and every advice or instance cell reachable through copies, in a fixed order. */
    private List<CellRef> classOf(CellRef cell) {
        List<CellRef> known = classes.get(cell);
        if (known != null) {
            return known;
        }
        List<CellRef> cls = new ArrayList<>();
        Set<CellRef> seen = new HashSet<>(List.of(cell));
        List<CellRef> todo = new ArrayList<>(List.of(cell));
        boolean fixed = false;
        while (!todo.isEmpty()) {
            CellRef c = todo.remove(todo.size() - 1);
            if (c.column().kind() == ColumnKind.FIXED) {
                fixed = true;
                continue;
            }
            cls.add(c);
            for (CellRef n : edit.copiedWith(c)) {
                if (seen.add(n)) {
                    todo.add(n);
                }
            }
        }
        List<CellRef> result = List.copyOf(cls);
        for (CellRef c : result) {
            classes.put(c, result);
            if (fixed) {
                adjustable.put(c, false);
            }
        }
        return result;
    }

    /**
     * Whether the search may move the cell: a dependent cell whose copy class holds no fixed value
     * and no private input or private weight (their values are the prover's free choice; moving them
     * states something else).
     */
    private boolean adjustable(CellRef cell) {
        Boolean known = adjustable.get(cell);
        if (known != null) {
            return known;
        }
        List<CellRef> cls = classOf(cell);
        known = adjustable.get(cell);
        boolean ok = known == null;
        for (CellRef c : cls) {
            ok &= c.column().kind() == ColumnKind.INSTANCE || dependent.contains(c);
            ok &= !isFree(c);
        }
        for (CellRef c : cls) {
            adjustable.put(c, ok);
        }
        return ok;
    }

    /** Whether the cell holds a free wire: a private or public input, or a weight that is not a fixed constant. */
    private boolean isFree(CellRef c) {
        int w = cellWires.wire(c);
        return w >= 0 && producer[w] < 0 && !program.isFixedConstant(w);
    }

    // ---------------------------------------------------------------- acceptance

    /** Checks a candidate; records a finding when it passes and states nothing a free choice explains. */
    private boolean accepted(Map<CellRef, Fr> changes, Set<CellRef> pinned, String how, Gadget gadget) {
        tried++;
        if (changes.isEmpty() || !check.check(changes, 1).isEmpty()) {
            return false;
        }
        if (explainedByFreeValues(changes)) {
            // Another private input or private weight: another statement the prover may choose.
            return false;
        }
        if (!MockProver.check(cs, edit.with(honest, changes), 1).isEmpty()) {
            return false;
        }
        CellRef cell = pinned.stream().filter(changes::containsKey).findFirst().orElse(changes.keySet().iterator().next());
        int w = cellWires.wire(cell);
        if (gadget == null && w >= 0 && producer[w] >= 0) {
            gadget = program.gadgets().get(producer[w]);
        }
        Region region = cs.regionAt(cell.row()).orElse(null);
        String origin = gadget != null ? gadget.origin() : region != null ? region.origin() : null;
        boolean outputChanges = false;
        for (CellRef c : changes.keySet()) {
            int cw = cellWires.wire(c);
            outputChanges |= c.column().kind() == ColumnKind.INSTANCE || cw >= 0 && outputWire[cw];
        }
        findings.add(new Finding(how, gadget != null ? gadget.kind() : null, origin,
                region != null ? region.name() : null, cell.toString(), outputChanges));
        return true;
    }

    /**
     * Whether the candidate moves free cells (private inputs or weights) and is exactly the honest
     * witness of the moved free values: the circuit evaluated and filled anew gives the same cells.
     */
    private boolean explainedByFreeValues(Map<CellRef, Fr> changes) {
        long[] wires = honestWires.clone();
        boolean moved = false;
        for (Map.Entry<CellRef, Fr> e : changes.entrySet()) {
            if (isFree(e.getKey())) {
                long v = e.getValue().toLongOr(Long.MIN_VALUE);
                if (v == Long.MIN_VALUE) {
                    return false;
                }
                wires[cellWires.wire(e.getKey())] = v;
                moved = true;
            }
        }
        if (!moved) {
            return false;
        }
        try {
            for (Gadget g : program.gadgets()) {
                g.evaluate(wires, program.tables());
            }
            return CellWires.diff(cs, honest, circuit.fillWitness(wires)).equals(changes);
        } catch (RuntimeException e) {
            // The moved free values are out of the compiled ranges: no honest witness has them.
            return false;
        }
    }

    // ---------------------------------------------------------------- sampling

    /** Up to n items, taken round-robin from the shuffled groups, so every group gets its share. */
    private static <T> List<T> stratified(Iterable<List<T>> groups, int n, Random r) {
        List<List<T>> shuffled = new ArrayList<>();
        int total = 0;
        for (List<T> g : groups) {
            List<T> copy = new ArrayList<>(g);
            Collections.shuffle(copy, r);
            shuffled.add(copy);
            total += copy.size();
        }
        List<T> out = new ArrayList<>();
        if (total <= n) {
            shuffled.forEach(out::addAll);
            return out;
        }
        Collections.shuffle(shuffled, r);
        for (int i = 0; out.size() < n; i++) {
            for (List<T> g : shuffled) {
                if (i < g.size() && out.size() < n) {
                    out.add(g.get(i));
                }
            }
        }
        return out;
    }
}
