package dev.zkmlc.backend.plonk;

import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.Capabilities;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.backend.LayoutStats;
import dev.zkmlc.circuit.backend.CompiledCircuit.PublicValue;
import dev.zkmlc.circuit.cs.CellList;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Copies;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.cs.Gate;
import dev.zkmlc.circuit.cs.Lookup;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.gadget.Gadget;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The vanilla PLONK backend: three advice wires a, b, c per row, the one gate
 * qL·a + qR·b + qO·c + qM·a·b + qC = 0 with its coefficients in fixed columns, copy constraints
 * between wires (and to the instance column for public values). With {@link #withLookupTable()}
 * range checks and nonlinearities use one plookup table, PLONKup style (a lookup
 * (qT, qK·b, qY·c) into a tagged table); with {@link #vanilla()} they use bit decomposition only,
 * so the circuit is plain PLONK and exports to R1CS.
 *
 * <p>The options' width is ignored (PLONK has three wires); {@code tableBits} sizes the range part
 * of the lookup table. Usage: {@code PlonkBackend.vanilla().layout(program, LayoutOptions.defaults())}.
 */
public final class PlonkBackend implements Backend {
    private static final int A = PlonkLayout.A;
    private static final int B = PlonkLayout.B;

    /** Advice columns of every PLONK circuit. */
    public static final int WIRES = 3;

    private final boolean lookups;

    private PlonkBackend(boolean lookups) {
        this.lookups = lookups;
    }

    /** Range checks and nonlinearities by bit decomposition: no lookup argument. */
    public static PlonkBackend vanilla() {
        return new PlonkBackend(false);
    }

    /** Range checks by table-bit limbs and nonlinearities by one plookup table. */
    public static PlonkBackend withLookupTable() {
        return new PlonkBackend(true);
    }

    /** Rows of the Poseidon chain that hashes {@code length} values (a hashed tensor's cost), after the layout's rows. */
    public static int hashRows(int length) {
        return HashChainRows.rows(length);
    }

    public boolean usesLookupTable() {
        return lookups;
    }

    @Override
    public String name() {
        return lookups ? "plonk" : "plonk-vanilla";
    }

    @Override
    public Capabilities capabilities(LayoutOptions options) {
        return new Capabilities(WIRES, false, lookups, lookups ? 5 : 3);
    }

    @Override
    public CompiledCircuit layout(GadgetProgram program, LayoutOptions options) {
        PlonkLayout layout = PlonkLayouter.place(program, lookups, options.tableBits(), options.tableSegments(), true);
        ConstraintSystemBuilder cb = ConstraintSystem.builder();
        Shape shape = new Shape(cb, layout);
        // Whole columns and packed copies, handed over rather than set cell by cell: fr_age's layout ran out of
        // a 14 GiB heap building one object per fixed cell and per copy end.
        for (Map.Entry<Selector, PlonkLayout.LongList> e : layout.fixed.entrySet()) {
            setFixedColumn(cb, shape.fixed.get(e.getKey()), e.getValue());
        }
        for (int seg = 0; seg < layout.segmentTables.size(); seg++) {
            for (int c = 0; c < 3; c++) {
                setFixedColumn(cb, shape.segmentColumns.get(seg)[c], layout.segmentTables.get(seg)[c]);
            }
        }
        int copies = layout.copyCount();
        long[] copyA = new long[copies];
        long[] copyB = new long[copies];
        for (int i = 0; i < copies; i++) {
            copyA[i] = shape.packedCell(layout.copyEnd(i, true));
            copyB[i] = shape.packedCell(layout.copyEnd(i, false));
        }
        layout.releaseCopies();
        cb.copies(copyA, copyB, copies);
        for (var r : layout.regions) {
            cb.region(r.name(), r.origin(), r.firstRow(), r.rowCount());
        }
        HashChainRows hashes = HashChainRows.of(layout.hashed, layout.rows);
        if (hashes != null) {
            hashes.layout(cb, shape.wires, shape.fixed, shape.instance, layout.publicValues.size(), shape::cell);
        }
        cb.k(k(layout, hashes, options, cb.defaultBlindingRows()));
        ConstraintSystem cs = cb.build();
        LayoutStats stats = stats(layout, hashes, shape, cs.k(), cs.degree());

        // What the witness filler and the dependent cells read, and nothing more of the layout.
        PlonkLayout.IntList[] cells = layout.cells;
        for (PlonkLayout.IntList col : cells) {
            col.trim();
        }
        AuxRules auxRules = layout.aux;
        auxRules.trim();
        PlonkLayout.LongList qL = layout.fixed.get(Selector.QL);
        PlonkLayout.LongList qR = layout.fixed.get(Selector.QR);
        PlonkLayout.LongList qM = layout.fixed.get(Selector.QM);
        PlonkLayout.LongList qC = layout.fixed.get(Selector.QC);
        List<PublicValue> publicValues = layout.publicValues;
        Column[] wires = shape.wires;
        Column instance = shape.instance;
        Supplier<List<CellRef>> dependent = () -> {
            int n = 0;
            for (PlonkLayout.IntList col : cells) {
                for (int row = 0; row < col.size(); row++) {
                    if (col.get(row) != PlonkLayout.EMPTY) {
                        n++;
                    }
                }
            }
            long[] packed = new long[n];
            int m = 0;
            for (int col = 0; col < WIRES; col++) {
                for (int row = 0; row < cells[col].size(); row++) {
                    if (cells[col].get(row) != PlonkLayout.EMPTY) {
                        packed[m++] = Copies.pack(wires[col], row);
                    }
                }
            }
            return new CellList(cs, packed, m);
        };
        CompiledCircuit.WitnessFiller filler = values -> {
            long[] aux = auxRules.evaluate(values, cells[A], cells[B], qL, qR, qM, qC);
            Witness.Builder wb = Witness.builder();
            for (int col = 0; col < WIRES; col++) {
                PlonkLayout.IntList colCells = cells[col];
                for (int row = 0; row < colCells.size(); row++) {
                    int src = colCells.get(row);
                    if (src != PlonkLayout.EMPTY) {
                        wb.set(wires[col], row, AuxRules.value(src, values, aux));
                    }
                }
            }
            for (var pv : publicValues) {
                wb.set(instance, pv.row(), values[pv.wire()]);
            }
            if (hashes != null) {
                hashes.assign(wb, values, wires, instance, publicValues.size());
            }
            return wb.build();
        };
        return new CompiledCircuit(program, cs, stats, publicValues, dependent, filler);
    }

    private static void setFixedColumn(ConstraintSystemBuilder cb, Column c, PlonkLayout.LongList values) {
        values.trim(); // the constraint system keeps the array
        if (values.allWithin62Bits()) {
            cb.fixedColumn(c, values.array(), values.sizeWithoutTrailingZeros());
        } else {
            for (int row = 0; row < values.size(); row++) {
                if (values.get(row) != 0) {
                    cb.fixed(c, row, values.get(row));
                }
            }
        }
    }

    @Override
    public LayoutStats dryRun(GadgetProgram program, LayoutOptions options) {
        PlonkLayout layout = PlonkLayouter.place(program, lookups, options.tableBits(), options.tableSegments(), false);
        ConstraintSystemBuilder cb = ConstraintSystem.builder();
        Shape shape = new Shape(cb, layout);
        int degree = ConstraintSystem.PERMUTATION_DEGREE;
        for (Gate g : shape.gates) {
            degree = Math.max(degree, g.degree());
        }
        for (Lookup l : shape.lookups) {
            degree = Math.max(degree, l.degree());
        }
        HashChainRows hashes = HashChainRows.of(layout.hashed, layout.rows);
        return stats(layout, hashes, shape, k(layout, hashes, options, cb.defaultBlindingRows()), degree);
    }

    /**
     * The arithmetic gadgets' rows ({@link PlonkLayouter#arithmeticRowsFloor}) and the nonlinearities' rows: with the
     * lookup table one per looked-up element, without it their multiplexer trees ({@link PlonkLayouter#muxTreeRows}
     * per element); three wires and equality columns; the one gate of degree 3 and its five selector columns, and
     * when a nonlinearity is looked up in the table, the lookup of degree 5 and its six fixed columns; every other
     * count 0.
     */
    @Override
    public LayoutStats statsFloor(GadgetProgram program, LayoutOptions options) {
        long rows = PlonkLayouter.arithmeticRowsFloor(program);
        boolean usesTable = false;
        long[] perTable = new long[program.tables().size()];
        boolean[] known = new boolean[perTable.length];
        for (Gadget g : program.gadgets()) {
            if (g instanceof Gadget.Lookup l) {
                if (lookups) {
                    usesTable |= l.out().length > 0;
                    rows += l.out().length;
                    continue;
                }
                if (!known[l.table()]) {
                    perTable[l.table()] = PlonkLayouter.muxTreeRows(program.tables().get(l.table()));
                    known[l.table()] = true;
                }
                rows += perTable[l.table()] * l.out().length;
            }
        }
        int k = Math.max(options.minK(), Math.min(ConstraintSystemBuilder.MAX_K, 64 - Long.numberOfLeadingZeros(rows)));
        int fixed = 0;
        for (Selector s : Selector.values()) {
            if (!s.lookupOnly() || usesTable) {
                fixed++;
            }
        }
        return new LayoutStats(name(), WIRES, k, (int) Math.min(Integer.MAX_VALUE, rows), 0, WIRES, fixed, 0, 0, 1,
                usesTable ? 1 : 0, 0, WIRES, usesTable ? 5 : ConstraintSystem.PERMUTATION_DEGREE, 0);
    }

    private static int k(PlonkLayout layout, HashChainRows hashes, LayoutOptions options, int blindingRows) {
        int rows = Math.max(layout.rowsNeeded(), Math.max(usedRows(layout, hashes), instanceValues(layout)));
        return Math.max(Math.max(1, options.minK()), ConstraintSystemBuilder.minimumK(rows, blindingRows));
    }

    /** The layout's gate rows, then the hash chains' rows. */
    private static int usedRows(PlonkLayout layout, HashChainRows hashes) {
        return layout.rows + (hashes == null ? 0 : hashes.rows);
    }

    /** Public values, then one hash per hashed tensor. */
    private static int instanceValues(PlonkLayout layout) {
        return layout.publicValues.size() + layout.hashed.size();
    }

    private LayoutStats stats(PlonkLayout layout, HashChainRows hashes, Shape shape, int k, int degree) {
        return new LayoutStats(name(), WIRES, k, usedRows(layout, hashes), layout.tableRows, WIRES,
                shape.fixed.size() + 3 * shape.segmentColumns.size(), shape.instance == null ? 0 : 1,
                instanceValues(layout), shape.gates.size(), shape.lookups.size(),
                layout.copyCount() + (hashes == null ? 0 : hashes.copies), shape.equalityColumns, degree,
                layout.cellCount() + (hashes == null ? 0 : hashes.cells), 0, layout.tableSegments);
    }

    /** Declares the wires, the gate, the lookup (when the table is used) and the instance column. */
    private static final class Shape {
        final Column[] wires = new Column[WIRES];
        final Map<Selector, Column> fixed = new EnumMap<>(Selector.class);
        /** The table columns (tag, x, y) of segments 1.. (segment 0 is TT, TX, TY). */
        final List<Column[]> segmentColumns = new ArrayList<>();
        final Column instance;
        final List<Gate> gates = new ArrayList<>();
        final List<Lookup> lookups = new ArrayList<>();
        final int equalityColumns;

        Shape(ConstraintSystemBuilder cb, PlonkLayout layout) {
            String[] names = {"a", "b", "c"};
            for (int i = 0; i < WIRES; i++) {
                wires[i] = cb.advice(names[i]);
                cb.enableEquality(wires[i]);
            }
            for (Selector s : Selector.values()) {
                if (!s.lookupOnly() || layout.usesTable) {
                    fixed.put(s, cb.fixed(s.name().toLowerCase()));
                }
            }
            if (!layout.publicValues.isEmpty() || !layout.hashed.isEmpty()) {
                instance = cb.instance("instance");
                cb.enableEquality(instance);
                equalityColumns = WIRES + 1;
            } else {
                instance = null;
                equalityColumns = WIRES;
            }
            Expression a = wires[0].cur();
            Expression b = wires[1].cur();
            Expression c = wires[2].cur();
            Gate g = Gate.of("plonk", q(Selector.QL).times(a).plus(q(Selector.QR).times(b)).plus(q(Selector.QO).times(c))
                    .plus(q(Selector.QM).times(a.times(b))).plus(q(Selector.QC)));
            gates.add(g);
            cb.gate(g);
            if (layout.usesTable) {
                List<List<Expression>> segments = new ArrayList<>();
                segments.add(List.of(q(Selector.TT), q(Selector.TX), q(Selector.TY)));
                for (int seg = 1; seg < layout.tableSegments; seg++) {
                    Column[] t = {cb.fixed("tt_" + seg), cb.fixed("tx_" + seg), cb.fixed("ty_" + seg)};
                    segmentColumns.add(t);
                    segments.add(List.of(t[0].cur(), t[1].cur(), t[2].cur()));
                }
                Lookup l = new Lookup("plookup", List.of(q(Selector.QT), q(Selector.QK).times(b), q(Selector.QY).times(c)),
                        segments);
                lookups.add(l);
                cb.lookup(l);
            }
        }

        private Expression q(Selector s) {
            return fixed.get(s).cur();
        }

        CellRef cell(int col, int row) {
            return col == PlonkLayout.INSTANCE ? new CellRef(instance, row) : new CellRef(wires[col], row);
        }

        long packedCell(int copyEnd) {
            int col = PlonkLayout.copyColumn(copyEnd);
            return Copies.pack(col == PlonkLayout.INSTANCE ? instance : wires[col], PlonkLayout.copyRow(copyEnd));
        }
    }
}
