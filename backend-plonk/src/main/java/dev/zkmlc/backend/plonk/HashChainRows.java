package dev.zkmlc.backend.plonk;

import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.hash.PoseidonChain;
import java.util.List;
import java.util.Map;

/**
 * The Poseidon chains ({@link PoseidonChain#DEFAULT}, so the hash is the halo2-style backend's and
 * circomlibjs's) of a PLONK layout's hashed tensors, in plain gate rows after the layout's own: per
 * chain one row binding the length ({@code a - n = 0}), one binding zero when the last chunk is
 * padded, then one {@link PoseidonRows} hash per link. Each link's first input is a copy of the
 * length cell or of the previous link's hash; the others are copies of the values' home cells in the
 * layout (or of the zero cell); the last hash is copied to the tensor's instance row.
 */
final class HashChainRows {
    static final PoseidonChain CHAIN = PoseidonChain.DEFAULT;

    private final PoseidonRows link;
    private final List<PlonkLayout.Hashed> hashed;
    private final int[] startRows;
    /** Rows of all the chains; they start at the first row after the layout's. */
    final int rows;
    final long copies;
    final long cells;

    private HashChainRows(List<PlonkLayout.Hashed> hashed, int firstRow) {
        this.link = PoseidonRows.forInputs(CHAIN.arity());
        this.hashed = hashed;
        this.startRows = new int[hashed.size()];
        int row = firstRow;
        long cp = 0;
        long cl = 0;
        for (int i = 0; i < hashed.size(); i++) {
            int n = hashed.get(i).wires().length;
            int links = CHAIN.links(n);
            startRows[i] = row;
            row += rows(link, n);
            cp += (long) links * (link.copies.length + link.inputs) + 1;
            cl += (long) links * link.cells + (padded(n) ? 2 : 1);
        }
        this.rows = row - firstRow;
        this.copies = cp;
        this.cells = cl;
    }

    /** The chains of {@code hashed} from row {@code firstRow}; null when nothing is hashed. */
    static HashChainRows of(List<PlonkLayout.Hashed> hashed, int firstRow) {
        return hashed.isEmpty() ? null : new HashChainRows(hashed, firstRow);
    }

    /** Rows of one chain over {@code length} values. */
    static int rows(int length) {
        return rows(PoseidonRows.forInputs(CHAIN.arity()), length);
    }

    private static int rows(PoseidonRows link, int length) {
        return (padded(length) ? 2 : 1) + CHAIN.links(length) * link.rows();
    }

    private static boolean padded(int length) {
        return length % CHAIN.chunkSize() != 0 || length == 0;
    }

    /**
     * Declares the chains' coefficients, copies and regions; {@code home} is a value's home cell in
     * the layout, hash {@code i} goes to instance row {@code firstInstanceRow + i}.
     */
    void layout(ConstraintSystemBuilder cb, Column[] wires, Map<Selector, Column> fixed, Column instance,
            int firstInstanceRow, HomeCells home) {
        Column ql = fixed.get(Selector.QL);
        Column qr = fixed.get(Selector.QR);
        Column qo = fixed.get(Selector.QO);
        Column qm = fixed.get(Selector.QM);
        Column qc = fixed.get(Selector.QC);
        Fr minusOne = Fr.ONE.neg();
        for (int i = 0; i < hashed.size(); i++) {
            PlonkLayout.Hashed h = hashed.get(i);
            int n = h.wires().length;
            int row = startRows[i];
            cb.region("hash", "hash of '" + h.name() + "'", row, rows(link, n));
            CellRef length = new CellRef(wires[PlonkLayout.A], row);
            cb.fixed(ql, row, 1);
            cb.fixed(qc, row, Fr.of(n).neg());
            row++;
            CellRef zero = null;
            if (padded(n)) {
                zero = new CellRef(wires[PlonkLayout.A], row);
                cb.fixed(ql, row, 1);
                row++;
            }
            CellRef previous = length;
            int chunk = CHAIN.chunkSize();
            for (int l = 0; l < CHAIN.links(n); l++, row += link.rows()) {
                for (int r = 0; r < link.rows(); r++) {
                    setIfNonZero(cb, ql, row + r, link.qL[r]);
                    setIfNonZero(cb, qr, row + r, link.qR[r]);
                    setIfNonZero(cb, qm, row + r, link.qM[r]);
                    setIfNonZero(cb, qc, row + r, link.qC[r]);
                    cb.fixed(qo, row + r, minusOne);
                }
                for (int[] c : link.copies) {
                    cb.copy(wires[c[0]], row + c[1], wires[c[2]], row + c[3]);
                }
                cb.copy(previous, input(wires, row, 0));
                for (int k = 1; k < link.inputs; k++) {
                    int idx = l * chunk + k - 1;
                    cb.copy(idx < n ? home.cell(h.cols()[idx], h.rows()[idx]) : zero, input(wires, row, k));
                }
                previous = new CellRef(wires[link.homeCol[link.output]], row + link.homeRow[link.output]);
            }
            cb.copy(previous, new CellRef(instance, firstInstanceRow + i));
        }
    }

    private CellRef input(Column[] wires, int linkRow, int k) {
        return new CellRef(wires[link.homeCol[k]], linkRow + link.homeRow[k]);
    }

    private static void setIfNonZero(ConstraintSystemBuilder cb, Column c, int row, Fr v) {
        if (!v.isZero()) {
            cb.fixed(c, row, v);
        }
    }

    /** Assigns every chain from the wire values and puts each hash in its instance row. */
    void assign(Witness.Builder wb, long[] values, Column[] wires, Column instance, int firstInstanceRow) {
        int chunk = CHAIN.chunkSize();
        for (int i = 0; i < hashed.size(); i++) {
            int[] ws = hashed.get(i).wires();
            int n = ws.length;
            int row = startRows[i];
            Fr h = Fr.of(n);
            wb.set(wires[PlonkLayout.A], row, h);
            row += padded(n) ? 2 : 1;
            for (int l = 0; l < CHAIN.links(n); l++, row += link.rows()) {
                Fr[] in = new Fr[link.inputs];
                in[0] = h;
                for (int k = 1; k < in.length; k++) {
                    int idx = l * chunk + k - 1;
                    in[k] = idx < n ? Fr.of(values[ws[idx]]) : Fr.ZERO;
                }
                Fr[] v = link.evaluate(in);
                for (int r = 0; r < link.rows(); r++) {
                    if (link.a[r] >= 0) {
                        wb.set(wires[PlonkLayout.A], row + r, v[link.a[r]]);
                    }
                    if (link.b[r] >= 0) {
                        wb.set(wires[PlonkLayout.B], row + r, v[link.b[r]]);
                    }
                    wb.set(wires[PlonkLayout.C], row + r, v[link.c[r]]);
                }
                h = v[link.output];
            }
            wb.set(instance, firstInstanceRow + i, h);
        }
    }

    /** A layout cell by column (a, b, c or the instance column) and row. */
    @FunctionalInterface
    interface HomeCells {
        CellRef cell(int col, int row);
    }
}
