package dev.zkmlc.prover.artifact;

import dev.zkmlc.circuit.cs.CircuitException;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnKind;
import dev.zkmlc.circuit.cs.ColumnValues;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Copies;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.cs.Gate;
import dev.zkmlc.circuit.cs.Lookup;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a constraint system: its shape (k, blinding rows, columns, equality, gates, lookups), its fixed
 * values and its copies; decodes them back through {@link ConstraintSystemBuilder}, so a decoded system passes
 * the same checks as a built one. Regions are not encoded: they only locate failures of the mock prover.
 */
final class ShapeCodec {
    private static final int EXPR_CONST = 0;
    private static final int EXPR_CELL = 1;
    private static final int EXPR_SUM = 2;
    private static final int EXPR_PRODUCT = 3;
    private static final int EXPR_NEG = 4;
    private static final int EXPR_SCALED = 5;
    private static final int EXPR_CHALLENGE = 6;
    /** Expression trees are read recursively; deeper ones are refused rather than overflowing the stack. */
    static final int MAX_DEPTH = 2000;

    private ShapeCodec() {
    }

    static void writeShape(ByteSink out, ConstraintSystem cs) {
        out.u8(cs.k()).u32(cs.blindingRows());
        for (ColumnKind kind : ColumnKind.values()) {
            List<Column> cols = cs.columns(kind);
            out.u32(cols.size());
            for (Column c : cols) {
                out.string(c.name());
            }
            if (kind == ColumnKind.ADVICE) {
                for (Column c : cols) {
                    out.u8(cs.phase(c));
                }
            }
        }
        out.u32(cs.challenges().size());
        for (String c : cs.challenges()) {
            out.string(c);
        }
        out.u32(cs.equalityColumns().size());
        for (Column c : cs.equalityColumns()) {
            writeColumn(out, c);
        }
        out.u32(cs.gates().size());
        for (Gate g : cs.gates()) {
            out.string(g.name()).u32(g.constraints().size());
            for (Expression e : g.constraints()) {
                writeExpression(out, e);
            }
        }
        boolean segmented = segmented(cs);
        out.u32(cs.lookups().size());
        for (Lookup l : cs.lookups()) {
            out.string(l.name()).u32(l.inputs().size());
            for (Expression e : l.inputs()) {
                writeExpression(out, e);
            }
            if (segmented) {
                out.u32(l.segments().size());
            }
            for (List<Expression> segment : l.segments()) {
                for (Expression e : segment) {
                    writeExpression(out, e);
                }
            }
        }
    }

    /**
     * Whether some lookup's table has more than one segment. Only such shapes carry a segment count per lookup
     * (key format versions 3 and 4), so that keys of circuits with one segment per table stay as they were.
     */
    static boolean segmented(ConstraintSystem cs) {
        for (Lookup l : cs.lookups()) {
            if (l.segments().size() > 1) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether two lookups go into the same table (equal segment lists). Such circuits' keys carry an inert flag per
     * lookup (key format versions 4 to 6), their proofs one running sum per table with helper columns.
     */
    static boolean sharesTables(ConstraintSystem cs) {
        for (int i = 0; i < cs.lookups().size(); i++) {
            for (int j = 0; j < i; j++) {
                if (cs.lookups().get(i).segments().equals(cs.lookups().get(j).segments())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Per fixed column: the number of rows n, then per row a tag (0: 8-byte signed integer, 1: 32-byte element). */
    static void writeFixedValues(ByteSink out, ConstraintSystem cs) {
        for (Column c : cs.fixed()) {
            ColumnValues v = cs.fixedValues(c);
            out.u32(v.length());
            for (int row = 0; row < v.length(); row++) {
                if (v.isSmall(row)) {
                    out.u8(0).i64(v.small(row));
                } else {
                    out.u8(1).fr(v.get(row));
                }
            }
        }
    }

    /** Each copy as its two cells' column kind, column index and row; read from the packed cells, not as objects. */
    static void writeCopies(ByteSink out, ConstraintSystem cs) {
        Copies copies = cs.flatCopies();
        out.u32(copies.size());
        for (int i = 0; i < copies.size(); i++) {
            writeCell(out, copies.a(i));
            writeCell(out, copies.b(i));
        }
    }

    private static void writeCell(ByteSink out, long cell) {
        out.u8(Copies.kind(cell).ordinal()).u32(Copies.columnIndex(cell)).u32(Copies.row(cell));
    }

    private static void writeColumn(ByteSink out, Column c) {
        out.u8(c.kind().ordinal()).u32(c.index());
    }

    static void writeExpression(ByteSink out, Expression e) {
        writeExpression(out, e, 0);
    }

    private static void writeExpression(ByteSink out, Expression e, int depth) {
        if (depth > MAX_DEPTH) {
            throw new ArtifactFormatException("an expression nested deeper than " + MAX_DEPTH
                    + " levels cannot be stored in a key");
        }
        if (e instanceof Expression.Constant) {
            out.u8(EXPR_CONST).fr(((Expression.Constant) e).value());
        } else if (e instanceof Expression.Cell) {
            Expression.Cell c = (Expression.Cell) e;
            out.u8(EXPR_CELL);
            writeColumn(out, c.column());
            out.u32(c.rotation());
        } else if (e instanceof Expression.Sum) {
            out.u8(EXPR_SUM);
            writeExpression(out, ((Expression.Sum) e).a(), depth + 1);
            writeExpression(out, ((Expression.Sum) e).b(), depth + 1);
        } else if (e instanceof Expression.Product) {
            out.u8(EXPR_PRODUCT);
            writeExpression(out, ((Expression.Product) e).a(), depth + 1);
            writeExpression(out, ((Expression.Product) e).b(), depth + 1);
        } else if (e instanceof Expression.Challenge) {
            out.u8(EXPR_CHALLENGE).u32(((Expression.Challenge) e).index());
        } else if (e instanceof Expression.Negated) {
            out.u8(EXPR_NEG);
            writeExpression(out, ((Expression.Negated) e).e(), depth + 1);
        } else {
            Expression.Scaled s = (Expression.Scaled) e;
            out.u8(EXPR_SCALED);
            writeExpression(out, s.e(), depth + 1);
            out.fr(s.factor());
        }
    }

    /** What a decoded shape needs to become a constraint system again. */
    private static final ColumnKind[] KINDS = ColumnKind.values();

    static final class Decoded {
        final ConstraintSystemBuilder builder = ConstraintSystem.builder();
        final List<List<Column>> columns = new ArrayList<>();
        final List<Expression.Challenge> challenges = new ArrayList<>();
        int k;
        int blindingRows;

        Column column(ByteSource in, String what) {
            // The descriptions only serve a message for a truncated file; a key reads two columns per copy, so they
            // are written out only when the five bytes are not all there.
            boolean whole = in.remaining() >= 5;
            int kind = in.u8(whole ? "column kind" : what + " column kind");
            if (kind >= KINDS.length) {
                throw in.error(what + ": unknown column kind " + kind);
            }
            int index = in.u32(whole ? "column index" : what + " column index");
            List<Column> cols = columns.get(kind);
            if (index < 0 || index >= cols.size()) {
                throw in.error(what + ": no " + KINDS[kind].name().toLowerCase() + " column "
                        + Integer.toUnsignedString(index));
            }
            return cols.get(index);
        }

        ConstraintSystem build(ByteSource in) {
            try {
                return builder.k(k).blindingRows(blindingRows).build();
            } catch (CircuitException e) {
                throw in.error("inconsistent constraint system: " + e.getMessage());
            }
        }
    }

    /** Reads a shape written by {@link #writeShape}; segmented: whether it carries segment counts (see {@link #segmented}). */
    static Decoded readShape(ByteSource in, boolean segmented) {
        Decoded d = new Decoded();
        d.k = in.u8("k");
        if (d.k < 1 || d.k > ConstraintSystemBuilder.MAX_K) {
            throw in.error("k = " + d.k + " is outside 1.." + ConstraintSystemBuilder.MAX_K);
        }
        d.blindingRows = in.count("blinding rows", Math.min(KeyCodec.MAX_BLINDING_ROWS, (1L << d.k) - 2));
        for (ColumnKind kind : ColumnKind.values()) {
            int count = in.count(kind.name().toLowerCase() + " column count", in.remaining() / 2);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                names.add(in.string(kind.name().toLowerCase() + " column name"));
            }
            List<Column> cols = new ArrayList<>();
            for (String name : names) {
                if (kind == ColumnKind.ADVICE) {
                    int phase = in.u8("phase of advice column '" + name + "'");
                    if (phase > 1) {
                        throw in.error("advice column '" + name + "' has phase " + phase + " (0 or 1)");
                    }
                    cols.add(d.builder.advice(name, phase));
                } else {
                    cols.add(kind == ColumnKind.FIXED ? d.builder.fixed(name) : d.builder.instance(name));
                }
            }
            d.columns.add(cols);
        }
        int challenges = in.count("challenge count", in.remaining() / 4);
        for (int i = 0; i < challenges; i++) {
            d.challenges.add(d.builder.challenge(in.string("challenge name")));
        }
        int eq = in.count("equality column count", in.remaining() / 5);
        for (int i = 0; i < eq; i++) {
            d.builder.enableEquality(d.column(in, "equality"));
        }
        try {
            int gates = in.count("gate count", in.remaining() / 6);
            for (int g = 0; g < gates; g++) {
                String name = in.string("gate name");
                int n = in.count("constraint count of gate '" + name + "'", in.remaining());
                if (n == 0) {
                    throw in.error("gate '" + name + "' has no constraints");
                }
                List<Expression> cons = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    cons.add(readExpression(in, d, 0));
                }
                d.builder.gate(name, cons);
            }
            boolean anySegmented = false;
            int lookups = in.count("lookup count", in.remaining() / 6);
            for (int l = 0; l < lookups; l++) {
                String name = in.string("lookup name");
                int m = in.count("tuple size of lookup '" + name + "'", in.remaining());
                if (m == 0) {
                    throw in.error("lookup '" + name + "' has no inputs");
                }
                List<Expression> inputs = new ArrayList<>();
                for (int i = 0; i < m; i++) {
                    inputs.add(readExpression(in, d, 0));
                }
                int count = segmented ? in.count("segment count of lookup '" + name + "'", in.remaining()) : 1;
                if (count == 0) {
                    throw in.error("lookup '" + name + "' has no table segments");
                }
                List<List<Expression>> segments = new ArrayList<>();
                for (int s = 0; s < count; s++) {
                    List<Expression> table = new ArrayList<>();
                    for (int i = 0; i < m; i++) {
                        table.add(readExpression(in, d, 0));
                    }
                    segments.add(table);
                }
                d.builder.lookup(new Lookup(name, inputs, segments));
                anySegmented |= count > 1;
            }
            if (segmented && !anySegmented) {
                throw in.error("the format version for split tables, but no lookup has more than one table segment");
            }
        } catch (CircuitException e) {
            throw in.error("inconsistent constraint system: " + e.getMessage());
        }
        return d;
    }

    static void readFixedValues(ByteSource in, Decoded d) {
        int n = 1 << d.k;
        for (Column c : d.columns.get(ColumnKind.FIXED.ordinal())) {
            int len = in.count("row count of fixed column '" + c.name() + "'", n);
            for (int row = 0; row < len; row++) {
                int tag = in.u8("fixed value tag");
                if (tag == 0) {
                    d.builder.fixed(c, row, in.i64("fixed value"));
                } else if (tag == 1) {
                    d.builder.fixed(c, row, in.fr("fixed value"));
                } else {
                    throw in.error("bad fixed value tag " + tag);
                }
            }
        }
    }

    static void readCopies(ByteSource in, Decoded d) {
        int count = in.count("copy count", in.remaining() / 18);
        int n = 1 << d.k;
        // Packed, and handed to the builder in one call (its bulk path for large circuits): a key holds a copy per
        // wire that crosses a row, tens of thousands and more.
        long[] a = new long[count];
        long[] b = new long[count];
        try {
            for (int i = 0; i < count; i++) {
                Column ca = d.column(in, "copy");
                a[i] = Copies.pack(ca, in.count("copy row", n - 1));
                Column cb = d.column(in, "copy");
                b[i] = Copies.pack(cb, in.count("copy row", n - 1));
            }
            d.builder.copies(a, b, count);
        } catch (CircuitException e) {
            throw in.error("inconsistent constraint system: " + e.getMessage());
        }
    }

    private static Expression readExpression(ByteSource in, Decoded d, int depth) {
        if (depth > MAX_DEPTH) {
            throw in.error("expression nested deeper than " + MAX_DEPTH);
        }
        int tag = in.u8("expression tag");
        switch (tag) {
            case EXPR_CONST:
                return Expression.constant(in.fr("constant"));
            case EXPR_CELL: {
                Column c = d.column(in, "cell");
                int rot = in.u32("rotation");
                if (Math.abs((long) rot) >= (1L << d.k)) {
                    throw in.error("rotation " + rot + " is not smaller than the number of rows");
                }
                return c.rot(rot);
            }
            case EXPR_CHALLENGE: {
                int i = in.u32("challenge index");
                if (i < 0 || i >= d.challenges.size()) {
                    throw in.error("no challenge " + Integer.toUnsignedString(i));
                }
                return d.challenges.get(i);
            }
            case EXPR_SUM:
                return new Expression.Sum(readExpression(in, d, depth + 1), readExpression(in, d, depth + 1));
            case EXPR_PRODUCT:
                return new Expression.Product(readExpression(in, d, depth + 1), readExpression(in, d, depth + 1));
            case EXPR_NEG:
                return new Expression.Negated(readExpression(in, d, depth + 1));
            case EXPR_SCALED: {
                Expression e = readExpression(in, d, depth + 1);
                return new Expression.Scaled(e, in.fr("scale factor"));
            }
            default:
                throw in.error("unknown expression tag " + tag);
        }
    }
}
