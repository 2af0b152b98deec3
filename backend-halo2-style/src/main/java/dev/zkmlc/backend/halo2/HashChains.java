package dev.zkmlc.backend.halo2;

import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnKind;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.hash.PoseidonChain;
import dev.zkmlc.circuit.hash.PoseidonChainGadget;
import dev.zkmlc.circuit.hash.PoseidonGadget;
import java.util.ArrayList;
import java.util.List;

/**
 * The Poseidon chains of a layout's hashed tensors ({@link PoseidonChain#DEFAULT}, so anyone can
 * recompute the hash with circomlib's Poseidon): one {@link PoseidonChainGadget} on its own columns,
 * the chains stacked from row 0 one after the other. Each value cell is a copy of the wire's home
 * cell in the wide rows; each result is copied to its instance row.
 */
final class HashChains {
    static final PoseidonChain CHAIN = PoseidonChain.DEFAULT;
    static final PoseidonGadget.SboxGates SBOX = PoseidonGadget.SboxGates.DEGREE_5;

    private final PoseidonChainGadget gadget;
    private final List<Layout.Hashed> hashed;
    private final int[] startRows;
    final int rows;
    final int adviceColumns;
    final int fixedColumns;
    final int equalityColumns;
    final int gates;
    final int degree;

    /** Declares the chain gadget's columns and gates in {@code cb}; null when nothing is hashed. */
    static HashChains configure(ConstraintSystemBuilder cb, Layout layout) {
        return layout.hashed.isEmpty() ? null : new HashChains(cb, layout.hashed);
    }

    private HashChains(ConstraintSystemBuilder cb, List<Layout.Hashed> hashed) {
        int advice = cb.columns(ColumnKind.ADVICE).size();
        int fixed = cb.columns(ColumnKind.FIXED).size();
        this.gadget = PoseidonChainGadget.configure(cb, CHAIN, SBOX);
        this.adviceColumns = cb.columns(ColumnKind.ADVICE).size() - advice;
        this.fixedColumns = cb.columns(ColumnKind.FIXED).size() - fixed;
        this.hashed = hashed;
        this.startRows = new int[hashed.size()];
        int row = 0;
        for (int i = 0; i < hashed.size(); i++) {
            startRows[i] = row;
            row += gadget.rows(hashed.get(i).wires().length);
        }
        this.rows = row;
        // The same gadget alone, to read its gate count and degree without the rest of the circuit.
        ConstraintSystemBuilder scratch = ConstraintSystem.builder();
        PoseidonChainGadget.configure(scratch, CHAIN, SBOX);
        ConstraintSystem alone = scratch.build();
        this.gates = alone.gates().size();
        this.degree = alone.gateDegree();
        this.equalityColumns = alone.equalityColumns().size();
    }

    /** Rows of one chain over {@code length} values. */
    static int rows(int length) {
        return PoseidonChainGadget.configure(ConstraintSystem.builder(), CHAIN, SBOX).rows(length);
    }

    /** Lays out every chain; {@code home} maps a (column, row) of the wide rows to its cell. */
    void layout(ConstraintSystemBuilder cb, Column instance, int firstInstanceRow, HomeCells home) {
        for (int i = 0; i < hashed.size(); i++) {
            Layout.Hashed h = hashed.get(i);
            PoseidonChainGadget.Layout l = gadget.layout(cb, startRows[i], h.wires().length, "hash of '" + h.name() + "'");
            for (int j = 0; j < h.wires().length; j++) {
                cb.copy(home.cell(h.cols()[j], h.rows()[j]), l.values().get(j));
            }
            cb.copy(l.result(), new CellRef(instance, firstInstanceRow + i));
        }
    }

    /** Assigns every chain from the wire values and puts each hash in its instance row. */
    void assign(Witness.Builder wb, long[] wires, Column instance, int firstInstanceRow) {
        for (int i = 0; i < hashed.size(); i++) {
            int[] ws = hashed.get(i).wires();
            List<Fr> values = new ArrayList<>(ws.length);
            for (int w : ws) {
                values.add(Fr.of(wires[w]));
            }
            wb.set(instance, firstInstanceRow + i, gadget.assign(wb, startRows[i], values));
        }
    }

    /** A cell of the wide rows by layout column code and row. */
    @FunctionalInterface
    interface HomeCells {
        CellRef cell(int col, int row);
    }
}
