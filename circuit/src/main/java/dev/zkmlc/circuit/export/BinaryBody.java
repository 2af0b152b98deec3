package dev.zkmlc.circuit.export;

import dev.zkmlc.circuit.cs.CellRef;
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
import dev.zkmlc.circuit.cs.Region;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The canonical binary body of a circuit file (layout in docs/circuit-format.md). Its SHA-256 is the
 * content hash of both encodings, so a circuit has one hash whether it is stored as JSON or binary.
 */
final class BinaryBody {
    static final int TAG_CONST = 0;
    static final int TAG_CELL = 1;
    static final int TAG_SUM = 2;
    static final int TAG_PRODUCT = 3;
    static final int TAG_NEG = 4;
    static final int TAG_SCALED = 5;
    static final int TAG_CHALLENGE = 6;

    // Column-value tokens: the low two bits say what follows.
    private static final int TOKEN_SMALL = 0;
    private static final int TOKEN_ZEROS = 1;
    private static final int TOKEN_BIG = 2;
    /** Small tokens hold |v| < 2^60, so zigzag(v) << 2 fits in 63 bits. */
    private static final long TOKEN_SMALL_LIMIT = 1L << 60;
    /** The largest column length a reader accepts (2^28 rows, the largest k). */
    static final int MAX_ROWS = 1 << ConstraintSystemBuilder.MAX_K;

    private BinaryBody() {
    }

    // ---------------------------------------------------------------- writing

    static byte[] encode(ConstraintSystem cs, Witness w) {
        Sink s = Sink.inMemory();
        encode(cs, w, s);
        return s.toByteArray();
    }

    /** Writes the body into {@code s}. */
    static void encode(ConstraintSystem cs, Witness w, Sink s) {
        s.u8(cs.k());
        s.u32(cs.blindingRows());
        for (ColumnKind kind : ColumnKind.values()) {
            List<Column> cols = cs.columns(kind);
            s.u32(cols.size());
            for (Column c : cols) {
                s.string(c.name());
            }
        }
        s.u32(cs.advice().size());
        for (Column c : cs.advice()) {
            s.u8(cs.phase(c));
        }
        s.u32(cs.challenges().size());
        for (String c : cs.challenges()) {
            s.string(c);
        }
        s.u32(cs.equalityColumns().size());
        for (Column c : cs.equalityColumns()) {
            column(s, c);
        }
        s.u32(cs.gates().size());
        for (Gate g : cs.gates()) {
            s.string(g.name());
            s.u32(g.constraints().size());
            for (Expression e : g.constraints()) {
                expression(s, e);
            }
        }
        s.u32(cs.lookups().size());
        for (Lookup l : cs.lookups()) {
            s.string(l.name());
            s.u32(l.inputs().size());
            for (Expression e : l.inputs()) {
                expression(s, e);
            }
            s.u32(l.segments().size());
            for (List<Expression> segment : l.segments()) {
                for (Expression e : segment) {
                    expression(s, e);
                }
            }
        }
        Copies copies = cs.flatCopies();
        s.u32(copies.size());
        for (int i = 0; i < copies.size(); i++) {
            cell(s, copies.a(i));
            cell(s, copies.b(i));
        }
        s.u32(cs.regions().size());
        for (Region r : cs.regions()) {
            s.string(r.name());
            s.string(r.origin());
            s.u32(r.firstRow());
            s.u32(r.rowCount());
        }
        for (Column c : cs.fixed()) {
            values(s, cs.fixedValues(c));
        }
        if (w == null) {
            s.u8(0);
        } else {
            s.u8(1);
            witnessColumns(s, w, ColumnKind.ADVICE, w.adviceColumnCount());
            witnessColumns(s, w, ColumnKind.INSTANCE, w.instanceColumnCount());
        }
    }

    private static void witnessColumns(Sink s, Witness w, ColumnKind kind, int count) {
        s.u32(count);
        for (int i = 0; i < count; i++) {
            values(s, w.column(new Column(kind, i, "")));
        }
    }

    private static void column(Sink s, Column c) {
        s.u8(c.kind().ordinal());
        s.u32(c.index());
    }

    private static void cell(Sink s, long packed) {
        s.u8(Copies.kind(packed).ordinal());
        s.u32(Copies.columnIndex(packed));
        s.u32(Copies.row(packed));
    }

    /** Postfix (children first), so that reading needs a stack, not recursion. */
    private static void expression(Sink s, Expression e) {
        List<Expression> postfix = new ArrayList<>();
        postorder(e, postfix);
        s.u32(postfix.size());
        for (Expression x : postfix) {
            if (x instanceof Expression.Constant) {
                s.u8(TAG_CONST);
                s.bytes(((Expression.Constant) x).value().toBytesLE());
            } else if (x instanceof Expression.Cell) {
                Expression.Cell c = (Expression.Cell) x;
                s.u8(TAG_CELL);
                column(s, c.column());
                s.u32(c.rotation());
            } else if (x instanceof Expression.Sum) {
                s.u8(TAG_SUM);
            } else if (x instanceof Expression.Product) {
                s.u8(TAG_PRODUCT);
            } else if (x instanceof Expression.Challenge) {
                s.u8(TAG_CHALLENGE);
                s.u32(((Expression.Challenge) x).index());
            } else if (x instanceof Expression.Negated) {
                s.u8(TAG_NEG);
            } else {
                s.u8(TAG_SCALED);
                s.bytes(((Expression.Scaled) x).factor().toBytesLE());
            }
        }
    }

    private static void postorder(Expression e, List<Expression> out) {
        if (e instanceof Expression.Sum) {
            postorder(((Expression.Sum) e).a(), out);
            postorder(((Expression.Sum) e).b(), out);
        } else if (e instanceof Expression.Product) {
            postorder(((Expression.Product) e).a(), out);
            postorder(((Expression.Product) e).b(), out);
        } else if (e instanceof Expression.Negated) {
            postorder(((Expression.Negated) e).e(), out);
        } else if (e instanceof Expression.Scaled) {
            postorder(((Expression.Scaled) e).e(), out);
        }
        out.add(e);
    }

    /**
     * Column values as tokens: a maximal run of zeros is one ZEROS token, a value with |v| < 2^60 one
     * SMALL token (zigzag), anything else a BIG token and 32 canonical little-endian bytes. The choice
     * depends only on the values, so equal columns encode identically.
     */
    private static void values(Sink s, ColumnValues v) {
        int n = v.length();
        s.u32(n);
        int row = 0;
        while (row < n) {
            if (v.isSmall(row) && v.small(row) == 0) {
                int start = row;
                while (row < n && v.isSmall(row) && v.small(row) == 0) {
                    row++;
                }
                s.varint(((long) (row - start) << 2) | TOKEN_ZEROS);
                continue;
            }
            if (v.isSmall(row) && Math.abs(v.small(row)) < TOKEN_SMALL_LIMIT) {
                long x = v.small(row);
                s.varint((((x << 1) ^ (x >> 63)) << 2) | TOKEN_SMALL);
            } else {
                s.varint(TOKEN_BIG);
                s.bytes(v.get(row).toBytesLE());
            }
            row++;
        }
    }

    // ---------------------------------------------------------------- reading

    /** The decoded content. {@code witness} is null when the file has none. */
    record Content(ConstraintSystem cs, Witness witness) {
    }

    static Content decode(byte[] data, int from, int end) {
        Source in = new Source(data, from, end);
        try {
            Content c = decode(in);
            if (in.remaining() != 0) {
                throw in.error(in.remaining() + " unexpected trailing bytes");
            }
            return c;
        } catch (CircuitFormatException e) {
            throw e;
        } catch (CircuitException | IllegalArgumentException | ArithmeticException e) {
            throw new CircuitFormatException("malformed circuit file at byte " + in.position() + ": " + e.getMessage());
        }
    }

    private static Content decode(Source in) {
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        int k = in.u8("k");
        int blinding = in.u32("blinding rows");
        b.k(k).blindingRows(blinding);
        List<List<String>> names = new ArrayList<>();
        for (ColumnKind kind : ColumnKind.values()) {
            int n = in.count(kind + " columns");
            List<String> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(in.string("column name"));
            }
            names.add(list);
        }
        List<String> adviceNames = names.get(ColumnKind.ADVICE.ordinal());
        int phases = in.count("advice phases");
        if (phases != adviceNames.size()) {
            throw in.error(phases + " advice phases for " + adviceNames.size() + " advice columns");
        }
        List<List<Column>> cols = new ArrayList<>();
        List<Column> advice = new ArrayList<>();
        for (String name : adviceNames) {
            advice.add(b.advice(name, in.u8("advice phase")));
        }
        cols.add(advice);
        List<Column> fixed = new ArrayList<>();
        for (String name : names.get(ColumnKind.FIXED.ordinal())) {
            fixed.add(b.fixed(name));
        }
        cols.add(fixed);
        List<Column> instance = new ArrayList<>();
        for (String name : names.get(ColumnKind.INSTANCE.ordinal())) {
            instance.add(b.instance(name));
        }
        cols.add(instance);
        int challengeCount = in.count("challenges");
        List<Expression.Challenge> chs = new ArrayList<>();
        for (int i = 0; i < challengeCount; i++) {
            chs.add(b.challenge(in.string("challenge name")));
        }
        int eq = in.count("equality columns");
        for (int i = 0; i < eq; i++) {
            b.enableEquality(column(in, cols));
        }
        int gates = in.count("gates");
        for (int i = 0; i < gates; i++) {
            String name = in.string("gate name");
            int n = in.count("constraints");
            List<Expression> cs = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                cs.add(expression(in, cols, chs));
            }
            b.gate(new Gate(name, cs));
        }
        int lookups = in.count("lookups");
        for (int i = 0; i < lookups; i++) {
            String name = in.string("lookup name");
            int m = in.count("lookup width");
            List<Expression> inputs = new ArrayList<>(m);
            for (int j = 0; j < m; j++) {
                inputs.add(expression(in, cols, chs));
            }
            int segmentCount = in.count("lookup segments");
            List<List<Expression>> segments = new ArrayList<>(segmentCount);
            for (int s = 0; s < segmentCount; s++) {
                List<Expression> table = new ArrayList<>(m);
                for (int j = 0; j < m; j++) {
                    table.add(expression(in, cols, chs));
                }
                segments.add(table);
            }
            b.lookup(new Lookup(name, inputs, segments));
        }
        int copies = in.count("copies");
        for (int i = 0; i < copies; i++) {
            CellRef x = new CellRef(column(in, cols), row(in));
            CellRef y = new CellRef(column(in, cols), row(in));
            b.copy(x, y);
        }
        int regions = in.count("regions");
        for (int i = 0; i < regions; i++) {
            String name = in.string("region name");
            String origin = in.string("region origin");
            b.region(name, origin, row(in), row(in));
        }
        for (Column c : cols.get(ColumnKind.FIXED.ordinal())) {
            ColumnValues v = values(in);
            forEachAssigned(v, (row, x) -> b.fixed(c, row, x));
        }
        ConstraintSystem cs = b.build();
        int hasWitness = in.u8("witness flag");
        if (hasWitness == 0) {
            return new Content(cs, null);
        }
        if (hasWitness != 1) {
            throw in.error("witness flag must be 0 or 1, got " + hasWitness);
        }
        Witness.Builder w = Witness.builder();
        for (ColumnKind kind : new ColumnKind[] {ColumnKind.ADVICE, ColumnKind.INSTANCE}) {
            int n = in.count(kind + " witness columns");
            for (int i = 0; i < n; i++) {
                Column c = new Column(kind, i, kind.name().toLowerCase() + i);
                forEachAssigned(values(in), (row, x) -> w.set(c, row, x));
            }
        }
        return new Content(cs, w.build());
    }

    /** Visits the non-zero cells and the last cell, which together reproduce the column and its length. */
    static void forEachAssigned(ColumnValues v, CellSink sink) {
        int n = v.length();
        for (int row = 0; row < n; row++) {
            if (row == n - 1 || !v.isSmall(row) || v.small(row) != 0) {
                sink.accept(row, v.get(row));
            }
        }
    }

    @FunctionalInterface
    interface CellSink {
        void accept(int row, Fr value);
    }

    private static int row(Source in) {
        int r = in.u32("row");
        if (r < 0 || r > MAX_ROWS) {
            throw in.error("row " + Integer.toUnsignedString(r) + " out of range");
        }
        return r;
    }

    private static Column column(Source in, List<List<Column>> cols) {
        int kind = in.u8("column kind");
        if (kind >= ColumnKind.values().length) {
            throw in.error("unknown column kind " + kind);
        }
        int index = in.u32("column index");
        List<Column> list = cols.get(kind);
        if (index < 0 || index >= list.size()) {
            throw in.error("no " + ColumnKind.values()[kind].name().toLowerCase() + " column " + Integer.toUnsignedString(index));
        }
        return list.get(index);
    }

    private static Expression expression(Source in, List<List<Column>> cols, List<Expression.Challenge> chs) {
        int n = in.count("expression nodes");
        Deque<Expression> stack = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            int tag = in.u8("expression tag");
            switch (tag) {
                case TAG_CONST:
                    stack.push(new Expression.Constant(fr(in)));
                    break;
                case TAG_CELL: {
                    Column c = column(in, cols);
                    stack.push(new Expression.Cell(c, in.u32("rotation")));
                    break;
                }
                case TAG_CHALLENGE: {
                    int c = in.u32("challenge index");
                    if (c < 0 || c >= chs.size()) {
                        throw in.error("no challenge " + Integer.toUnsignedString(c));
                    }
                    stack.push(chs.get(c));
                    break;
                }
                case TAG_SUM:
                case TAG_PRODUCT: {
                    if (stack.size() < 2) {
                        throw in.error("expression operator without two operands");
                    }
                    Expression bb = stack.pop();
                    Expression a = stack.pop();
                    stack.push(tag == TAG_SUM ? new Expression.Sum(a, bb) : new Expression.Product(a, bb));
                    break;
                }
                case TAG_NEG:
                case TAG_SCALED: {
                    if (stack.isEmpty()) {
                        throw in.error("expression operator without an operand");
                    }
                    Expression e = stack.pop();
                    stack.push(tag == TAG_NEG ? new Expression.Negated(e) : new Expression.Scaled(e, fr(in)));
                    break;
                }
                default:
                    throw in.error("unknown expression tag " + tag);
            }
        }
        if (stack.size() != 1) {
            throw in.error("expression leaves " + stack.size() + " values instead of 1");
        }
        return stack.pop();
    }

    private static Fr fr(Source in) {
        byte[] b = in.bytes(32, "field element");
        try {
            return Fr.fromBytesLE(b);
        } catch (IllegalArgumentException e) {
            throw in.error(e.getMessage());
        }
    }

    private static ColumnValues values(Source in) {
        int n = in.u32("column length");
        if (n < 0 || n > MAX_ROWS) {
            throw in.error("column length " + Integer.toUnsignedString(n) + " exceeds 2^28");
        }
        ColumnValues.Builder v = new ColumnValues.Builder();
        int row = 0;
        while (row < n) {
            long token = in.varint("column value");
            switch ((int) (token & 3)) {
                case TOKEN_ZEROS: {
                    long run = token >>> 2;
                    if (run < 1 || run > n - row) {
                        throw in.error("zero run of " + run + " overflows the column of " + n + " rows");
                    }
                    row += (int) run;
                    break;
                }
                case TOKEN_SMALL: {
                    long z = token >>> 2;
                    v.set(row++, (z >>> 1) ^ -(z & 1));
                    break;
                }
                case TOKEN_BIG:
                    if (token != TOKEN_BIG) {
                        throw in.error("bad big-value token");
                    }
                    v.set(row++, fr(in));
                    break;
                default:
                    throw in.error("unknown column token " + (token & 3));
            }
        }
        // Trailing zeros still count towards the column's length.
        if (n > v.length()) {
            v.set(n - 1, 0);
        }
        return v.build();
    }
}
