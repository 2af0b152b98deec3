package dev.zkmlc.backend.plonk;

import static dev.zkmlc.circuit.mock.CircuitChecks.assertCellTamperingRejected;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertComplete;
import static dev.zkmlc.circuit.mock.CircuitChecks.withCell;
import static dev.zkmlc.circuit.mock.CircuitChecks.withCells;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Region;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.hash.Poseidon;
import dev.zkmlc.circuit.hash.PoseidonChain;
import dev.zkmlc.circuit.mock.MockProver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hashed tensors under both PLONK variants: a private input and private weights whose Poseidon
 * chain hashes (the same as the halo2-style backend's and circomlibjs's) are public values, the
 * chain spelled out in plain gate rows after the model's rows. The hash binds the values: any
 * changed chain cell, a changed hash, or other weights under the committed hash are rejected.
 */
class HashedTensorTest {
    static final long[] WEIGHTS = {3, -5, 7, 2};
    static final LayoutOptions OPTIONS = LayoutOptions.defaults().withTableBits(6);
    static final List<PlonkBackend> BACKENDS = List.of(PlonkBackend.vanilla(), PlonkBackend.withLookupTable());

    /** y = x . w, x private and hashed, w private and hashed, y public. */
    static GadgetProgram program() {
        GadgetProgram.Builder b = GadgetProgram.builder("hashed");
        int[] x = b.input("x", new int[] {4}, false, new Interval(-100, 100));
        b.hashed("x", new int[] {4}, x);
        int[] w = b.constants(WEIGHTS, false);
        int[] y = b.dot("dot", new int[][] {x}, new int[][] {w}, new int[] {b.fixedConstant(0)});
        b.output("y", new int[] {1}, y, true);
        b.hashed("#parameters", new int[] {4}, b.privateConstants());
        return b.build();
    }

    static List<Fr> fr(long... v) {
        return Arrays.stream(v).mapToObj(Fr::of).toList();
    }

    @Test
    void oneHashInPlonkRowsIsCircomlibsPoseidon() {
        SplittableRandom rnd = new SplittableRandom(17);
        for (int inputs : new int[] {1, 2, 16}) {
            PoseidonRows rows = PoseidonRows.forInputs(inputs);
            for (int trial = 0; trial < 5; trial++) {
                Fr[] in = new Fr[inputs];
                for (int i = 0; i < inputs; i++) {
                    in[i] = Fr.random(rnd);
                }
                assertEquals(Poseidon.hash(in), rows.evaluate(in)[rows.output], "width " + (inputs + 1));
            }
        }
        // t = 17: round 0 (capacity constant) 48 + 255, rounds 1-3 and 4-6 3 x 323 each, 68 partial rounds x 35,
        // round 7 (element 0 only) 51 + 16.
        assertEquals(4688, PoseidonRows.forInputs(16).rows());
        assertEquals(2 + 4688, PlonkBackend.hashRows(4));
        assertEquals(1 + 4688, PlonkBackend.hashRows(15));
        assertEquals(2 + 2 * 4688, PlonkBackend.hashRows(16));
    }

    @Test
    void theHashesArePublicValuesAfterTheOutputAndMatchTheNativeChain() {
        for (PlonkBackend backend : BACKENDS) {
            CompiledCircuit cc = backend.layout(program(), OPTIONS);
            long[] x = {1, -2, 3, 4};
            CompiledCircuit.WitnessResult r = assertComplete(cc, Map.of("x", x), Map.of("y", new long[] {3 + 10 + 21 + 8}));
            Column inst = cc.constraintSystem().instance().get(0);
            assertEquals(1, cc.publicValues().size());
            assertEquals(Fr.of(42), r.witness().get(inst, 0));
            assertEquals(PoseidonChain.DEFAULT.hash(fr(x)), r.witness().get(inst, 1), backend.name());
            assertEquals(PoseidonChain.DEFAULT.hash(fr(WEIGHTS)), r.witness().get(inst, 2), backend.name());
            assertCellTamperingRejected(cc, r.witness(), new Random(8), 20);
        }
    }

    @Test
    void anyChangedChainCellIsRejected() {
        Random rnd = new Random(9);
        for (PlonkBackend backend : BACKENDS) {
            CompiledCircuit cc = backend.layout(program(), OPTIONS);
            ConstraintSystem cs = cc.constraintSystem();
            Witness honest = cc.witness(Map.of("x", new long[] {1, -2, 3, 4})).witness();
            List<CellRef> chainCells = new ArrayList<>();
            for (Region reg : cs.regions()) {
                if (reg.name().equals("hash")) {
                    for (int row = reg.firstRow(); row < reg.firstRow() + reg.rowCount(); row++) {
                        chainCells.addAll(usedCells(cs, row));
                    }
                }
            }
            // The first rows of each chain (length, zero, the first S-boxes) and random ones elsewhere.
            List<CellRef> picked = new ArrayList<>(chainCells.subList(0, 20));
            for (int i = 0; i < 25; i++) {
                picked.add(chainCells.get(rnd.nextInt(chainCells.size())));
            }
            for (CellRef c : picked) {
                Fr changed = honest.get(c.column(), c.row()).add(Fr.of(1 + rnd.nextInt(1000)));
                assertFalse(MockProver.check(cs, withCell(cs, honest, c, changed), 1).isEmpty(),
                        () -> backend.name() + ": changing " + c + " was accepted");
                assertFalse(MockProver.check(cs, withCells(cs, honest, Map.of(c, changed)), 1).isEmpty(),
                        () -> backend.name() + ": changing " + c + " and its copies was accepted");
            }
        }
    }

    /** The cells of a row that its gate reads (a cell with zero coefficients is no part of the circuit). */
    static List<CellRef> usedCells(ConstraintSystem cs, int row) {
        Map<String, Column> f = new java.util.HashMap<>();
        for (Column c : cs.fixed()) {
            f.put(c.name(), c);
        }
        boolean m = !cs.fixedValue(f.get("qm"), row).isZero();
        List<Column> w = cs.advice();
        List<CellRef> used = new ArrayList<>();
        if (m || !cs.fixedValue(f.get("ql"), row).isZero()) {
            used.add(new CellRef(w.get(0), row));
        }
        if (m || !cs.fixedValue(f.get("qr"), row).isZero()) {
            used.add(new CellRef(w.get(1), row));
        }
        if (!cs.fixedValue(f.get("qo"), row).isZero()) {
            used.add(new CellRef(w.get(2), row));
        }
        return used;
    }

    @Test
    void otherWeightsUnderTheCommittedHashAreRejected() {
        for (PlonkBackend backend : BACKENDS) {
            GadgetProgram p = program();
            CompiledCircuit cc = backend.layout(p, OPTIONS);
            ConstraintSystem cs = cc.constraintSystem();
            Column inst = cs.instance().get(0);
            Map<String, long[]> in = Map.of("x", new long[] {1, -2, 3, 4});
            Witness honest = cc.witness(in).witness();
            long[] wires = p.evaluate(in);
            wires[p.privateConstants()[0]] += 1;
            wires[p.outputs().get(0).wires()[0]] += 1; // x[0] = 1: the output follows the weight
            Witness cheat = cc.fillWitness(wires);
            assertTrue(MockProver.check(cs, cheat, 1).isEmpty(), "other weights with their own hash make another valid statement");
            assertFalse(cheat.get(inst, 2).equals(honest.get(inst, 2)));
            Witness forged = withCell(cs, cheat, new CellRef(inst, 2), honest.get(inst, 2));
            assertFalse(MockProver.check(cs, forged, 1).isEmpty(), backend.name() + ": other weights passed under the committed hash");
            for (int row = 1; row <= 2; row++) {
                Witness bad = withCell(cs, honest, new CellRef(inst, row), honest.get(inst, row).add(Fr.ONE));
                assertFalse(MockProver.check(cs, bad, 1).isEmpty(), backend.name() + ": hash row " + row + " + 1 accepted");
            }
        }
    }

    @Test
    void chainsOfSeveralLinksAndWithoutPaddingMatchTheNativeChain() {
        for (int n : new int[] {15, 16}) {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = 7L * i - 40;
            }
            GadgetProgram.Builder b = GadgetProgram.builder("chain" + n);
            int[] x = b.input("x", new int[] {n}, false, new Interval(-100, 100));
            b.hashed("x", new int[] {n}, x);
            CompiledCircuit cc = PlonkBackend.vanilla().layout(b.build(), OPTIONS);
            Witness w = assertComplete(cc, Map.of("x", v), Map.of()).witness();
            assertEquals(PoseidonChain.DEFAULT.hash(fr(v)), w.get(cc.constraintSystem().instance().get(0), 0));
            GadgetProgram.Builder plain = GadgetProgram.builder("plain" + n);
            plain.input("x", new int[] {n}, false, new Interval(-100, 100));
            assertEquals(PlonkBackend.hashRows(n), cc.stats().usedRows()
                    - PlonkBackend.vanilla().dryRun(plain.build(), OPTIONS).usedRows(), "the input's range checks, then the chain");
        }
    }

    @Test
    void theDryRunCountsTheChainsAsTheLayoutDoes() {
        for (PlonkBackend backend : BACKENDS) {
            assertEquals(backend.layout(program(), OPTIONS).stats(), backend.dryRun(program(), OPTIONS));
        }
    }

    @Test
    void r1csExportRefusesHashedTensorsInOneLine() {
        CompiledCircuit cc = PlonkBackend.vanilla().layout(program(), OPTIONS);
        ExportException e = org.junit.jupiter.api.Assertions.assertThrows(ExportException.class, () -> R1csExport.of(cc));
        assertTrue(e.getMessage().contains("'x' is hashed"), e.getMessage());
    }

    /**
     * Every cell of every chain is determined, checked exhaustively rather than by sampling: a row with qO = -1
     * fixes its c from its a and b; a row with only qL and qC (the length and zero rows) fixes its a; a cell is
     * determined once any cell of its copy class is, and cells outside the chains (the values' home cells, the
     * instance column) count as given. Iterated to a fixed point, every cell a chain row's gate reads must end up
     * determined: one that does not is a value the prover could change alone.
     */
    @Test
    void everyCellAChainGateReadsIsDeterminedByTheValuesAndTheLength() {
        for (PlonkBackend backend : BACKENDS) {
            ConstraintSystem cs = backend.layout(program(), OPTIONS).constraintSystem();
            Map<String, Column> f = new java.util.HashMap<>();
            for (Column c : cs.fixed()) {
                f.put(c.name(), c);
            }
            List<Column> w = cs.advice();
            java.util.Set<CellRef> chain = new java.util.HashSet<>();
            List<Integer> rows = new ArrayList<>();
            for (Region reg : cs.regions()) {
                if (reg.name().equals("hash")) {
                    for (int row = reg.firstRow(); row < reg.firstRow() + reg.rowCount(); row++) {
                        rows.add(row);
                        chain.addAll(usedCells(cs, row));
                    }
                }
            }
            assertTrue(rows.size() > 4000, rows.size() + " chain rows");
            Map<CellRef, CellRef> parent = new java.util.HashMap<>();
            java.util.function.UnaryOperator<CellRef> find = new java.util.function.UnaryOperator<>() {
                @Override
                public CellRef apply(CellRef c) {
                    CellRef p = parent.getOrDefault(c, c);
                    if (p.equals(c)) {
                        return c;
                    }
                    CellRef root = apply(p);
                    parent.put(c, root);
                    return root;
                }
            };
            java.util.Set<CellRef> givenRoots = new java.util.HashSet<>();
            List<CellRef[]> links = new ArrayList<>();
            for (var copy : cs.copies()) {
                CellRef a = find.apply(copy.a());
                CellRef b = find.apply(copy.b());
                if (!a.equals(b)) {
                    parent.put(a, b);
                }
                links.add(new CellRef[] {copy.a(), copy.b()});
            }
            for (CellRef[] l : links) {
                for (CellRef c : l) {
                    if (!chain.contains(c)) {
                        givenRoots.add(find.apply(c));
                    }
                }
            }
            java.util.Set<CellRef> determinedRoots = new java.util.HashSet<>(givenRoots);
            java.util.function.Predicate<CellRef> determined = c -> determinedRoots.contains(find.apply(c));
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int row : rows) {
                    boolean qo = !cs.fixedValue(f.get("qo"), row).isZero();
                    boolean ql = !cs.fixedValue(f.get("ql"), row).isZero();
                    boolean qr = !cs.fixedValue(f.get("qr"), row).isZero();
                    boolean qm = !cs.fixedValue(f.get("qm"), row).isZero();
                    CellRef a = new CellRef(w.get(0), row);
                    CellRef b = new CellRef(w.get(1), row);
                    CellRef c = new CellRef(w.get(2), row);
                    CellRef target = null;
                    if (qo && (!(ql || qm) || determined.test(a)) && (!(qr || qm) || determined.test(b))) {
                        target = c;
                    } else if (!qo && ql && !qr && !qm) {
                        target = a;
                    }
                    if (target != null && determinedRoots.add(find.apply(target))) {
                        changed = true;
                    }
                }
            }
            for (CellRef c : chain) {
                assertTrue(determined.test(c), () -> backend.name() + ": chain cell " + c + " is not determined");
            }
        }
    }
}
