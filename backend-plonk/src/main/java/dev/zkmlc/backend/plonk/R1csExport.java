package dev.zkmlc.backend.plonk;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnKind;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Copy;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A vanilla PLONK circuit (from {@link PlonkBackend#vanilla()}) as the R1CS and witness files that
 * snarkjs and circom read: {@code .r1cs} format version 1 (header, constraints, wire-to-label map)
 * and {@code .wtns} version 2. Each gate row qL·a + qR·b + qO·c + qM·a·b + qC = 0 becomes one
 * constraint (qM·a)·(b) = -(qL·a + qR·b + qO·c + qC·w0), or 0·0 = that sum when qM = 0. Each class
 * of copy-connected cells is one wire; wire 0 is the constant 1, then the public outputs, then the
 * public inputs (snarkjs's order), then the private wires. A public value whose cell class already
 * holds an earlier public value gets its own wire and an equality constraint.
 *
 * <p>Usage: {@code R1csExport e = R1csExport.of(circuit); e.writeR1cs(path); e.writeWtns(path, witness)}.
 */
public final class R1csExport {
    private static final int N8 = 32;

    private final ConstraintSystem cs;
    private final Column[] wires;
    /** Cells are numbered col * rows + row for a, b, c, and 3 * rows + row for the instance column. */
    private final Column instance;
    private final int rows;
    /** A cell holding each wire's value (-1 for wire 0). */
    private final int[] representative;
    private final int nWires;
    private final int publicOutputs;
    private final int publicInputs;
    private final List<long[]> terms = new ArrayList<>();
    private final List<Fr[]> coefficients = new ArrayList<>();

    private R1csExport(CompiledCircuit circuit) {
        cs = circuit.constraintSystem();
        if (!cs.lookups().isEmpty()) {
            throw new ExportException("the circuit uses a lookup table, which R1CS cannot express;"
                    + " lay it out with the vanilla PLONK backend (--backend plonk-vanilla)");
        }
        if (cs.advice().size() != PlonkBackend.WIRES || cs.gates().size() != 1 || !cs.gates().get(0).name().equals("plonk")) {
            throw new ExportException("only circuits of the vanilla PLONK backend export to R1CS (this one has "
                    + cs.advice().size() + " advice columns and " + cs.gates().size() + " gates)");
        }
        if (!circuit.program().hashed().isEmpty()) {
            // The hashes sit in instance rows after the public values, which the wire numbering below does not cover.
            throw new ExportException("'" + circuit.program().hashed().get(0).name() + "' is hashed; R1CS export"
                    + " supports public and private values only");
        }
        wires = cs.advice().toArray(new Column[0]);
        instance = cs.instance().isEmpty() ? null : cs.instance().get(0);
        rows = cs.rowsUsed();
        List<CompiledCircuit.PublicValue> pvs = circuit.publicValues();
        int cells = 3 * rows + pvs.size();
        int[] parent = new int[cells];
        for (int i = 0; i < cells; i++) {
            parent[i] = i;
        }
        for (Copy c : cs.copies()) {
            union(parent, index(c.a()), index(c.b()));
        }
        int[] wireOfRoot = new int[cells];
        Arrays.fill(wireOfRoot, -1);
        List<Integer> reps = new ArrayList<>();
        reps.add(-1);
        List<int[]> equalities = new ArrayList<>();
        int outs = 0;
        int ins = 0;
        for (boolean outputs : new boolean[] {true, false}) {
            for (CompiledCircuit.PublicValue pv : pvs) {
                if (pv.isOutput() != outputs) {
                    continue;
                }
                int cell = 3 * rows + pv.row();
                int w = reps.size();
                reps.add(cell);
                int root = find(parent, cell);
                if (wireOfRoot[root] < 0) {
                    wireOfRoot[root] = w;
                } else {
                    equalities.add(new int[] {wireOfRoot[root], w});
                }
                if (outputs) {
                    outs++;
                } else {
                    ins++;
                }
            }
        }
        publicOutputs = outs;
        publicInputs = ins;
        Fr[] q = new Fr[5];
        Column[] sel = new Column[5];
        String[] names = {"ql", "qr", "qo", "qm", "qc"};
        for (int i = 0; i < 5; i++) {
            sel[i] = fixedNamed(names[i]);
        }
        for (int row = 0; row < rows; row++) {
            boolean any = false;
            for (int i = 0; i < 5; i++) {
                q[i] = cs.fixedValue(sel[i], row);
                any |= !q[i].isZero();
            }
            if (!any) {
                continue;
            }
            int[] w = new int[3];
            for (int col = 0; col < 3; col++) {
                boolean used = !q[col].isZero() || (col < 2 && !q[3].isZero());
                if (used) {
                    int cell = col * rows + row;
                    int root = find(parent, cell);
                    if (wireOfRoot[root] < 0) {
                        wireOfRoot[root] = reps.size();
                        reps.add(cell);
                    }
                    w[col] = wireOfRoot[root];
                }
            }
            // A = qM·a, B = b, C = -(qL a + qR b + qO c + qC)
            long[] t = new long[] {
                q[3].isZero() ? -1 : w[0], q[3].isZero() ? -1 : w[1],
                q[0].isZero() ? -1 : w[0], q[1].isZero() ? -1 : w[1], q[2].isZero() ? -1 : w[2], q[4].isZero() ? -1 : 0};
            terms.add(t);
            coefficients.add(new Fr[] {q[3], Fr.ONE, q[0].neg(), q[1].neg(), q[2].neg(), q[4].neg()});
        }
        for (int[] e : equalities) {
            // 0 · 0 = w_first - w_second
            terms.add(new long[] {-1, -1, e[0], e[1], -1, -1});
            coefficients.add(new Fr[] {Fr.ZERO, Fr.ZERO, Fr.ONE, Fr.ONE.neg(), Fr.ZERO, Fr.ZERO});
        }
        representative = reps.stream().mapToInt(Integer::intValue).toArray();
        nWires = reps.size();
    }

    /** The R1CS of a vanilla PLONK circuit; throws {@link ExportException} for any other circuit. */
    public static R1csExport of(CompiledCircuit circuit) {
        return new R1csExport(circuit);
    }

    public int wireCount() {
        return nWires;
    }

    public int constraintCount() {
        return terms.size();
    }

    public int publicOutputs() {
        return publicOutputs;
    }

    public int publicInputs() {
        return publicInputs;
    }

    /** Every wire's value (wire 0 is 1) read from a witness of the circuit. */
    public Fr[] wireValues(Witness witness) {
        Fr[] v = new Fr[nWires];
        v[0] = Fr.ONE;
        for (int w = 1; w < nWires; w++) {
            int cell = representative[w];
            v[w] = cell >= 3 * rows ? witness.get(instance, cell - 3 * rows) : witness.get(wires[cell / rows], cell % rows);
        }
        return v;
    }

    public void writeR1cs(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            writeR1cs(out);
        }
    }

    public void writeWtns(Path file, Witness witness) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            writeWtns(out, wireValues(witness));
        }
    }

    public void writeR1cs(OutputStream out) throws IOException {
        out.write(magicAndVersion("r1cs", 1, 3));
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(u32(N8));
        header.write(modulusLE());
        header.write(u32(nWires));
        header.write(u32(publicOutputs));
        header.write(u32(publicInputs));
        header.write(u32(0));
        header.write(u64(nWires));
        header.write(u32(terms.size()));
        section(out, 1, header.toByteArray());

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < terms.size(); i++) {
            long[] t = terms.get(i);
            Fr[] c = coefficients.get(i);
            linearCombination(body, new long[] {t[0]}, new Fr[] {c[0]});
            linearCombination(body, new long[] {t[1]}, new Fr[] {c[1]});
            linearCombination(body, new long[] {t[2], t[3], t[4], t[5]}, new Fr[] {c[2], c[3], c[4], c[5]});
        }
        section(out, 2, body.toByteArray());

        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        for (int w = 0; w < nWires; w++) {
            labels.write(u64(w));
        }
        section(out, 3, labels.toByteArray());
    }

    /** Terms with the same wire are merged (a·a in one row), zero ones dropped, sorted by wire. */
    private static void linearCombination(ByteArrayOutputStream out, long[] wires, Fr[] coefs) throws IOException {
        java.util.TreeMap<Long, Fr> lc = new java.util.TreeMap<>();
        for (int i = 0; i < wires.length; i++) {
            if (wires[i] >= 0 && !coefs[i].isZero()) {
                lc.merge(wires[i], coefs[i], Fr::add);
            }
        }
        lc.values().removeIf(Fr::isZero);
        out.write(u32(lc.size()));
        for (var e : lc.entrySet()) {
            out.write(u32(e.getKey().intValue()));
            out.write(e.getValue().toBytesLE());
        }
    }

    static void writeWtns(OutputStream out, Fr[] values) throws IOException {
        out.write(magicAndVersion("wtns", 2, 2));
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(u32(N8));
        header.write(modulusLE());
        header.write(u32(values.length));
        section(out, 1, header.toByteArray());
        byte[] body = new byte[values.length * N8];
        for (int i = 0; i < values.length; i++) {
            values[i].writeBytesLE(body, i * N8);
        }
        section(out, 2, body);
    }

    /** The scalar field's prime r, little-endian in N8 bytes, as both formats store it. */
    private static byte[] modulusLE() {
        byte[] be = Fr.MODULUS.toByteArray();
        byte[] le = new byte[N8];
        for (int i = 0; i < N8 && i < be.length; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }

    private Column fixedNamed(String name) {
        for (Column c : cs.fixed()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new ExportException("not a vanilla PLONK circuit: no fixed column '" + name + "'");
    }

    private int index(CellRef c) {
        if (c.column().kind() == ColumnKind.INSTANCE) {
            return 3 * rows + c.row();
        }
        if (c.column().kind() != ColumnKind.ADVICE) {
            throw new ExportException("not a vanilla PLONK circuit: a copy touches fixed column " + c.column().name());
        }
        return c.column().index() * rows + c.row();
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    private static byte[] magicAndVersion(String magic, int version, int sections) {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        b.put(magic.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(version).putInt(sections);
        return b.array();
    }

    private static void section(OutputStream out, int type, byte[] content) throws IOException {
        out.write(u32(type));
        out.write(u64(content.length));
        out.write(content);
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }
}
