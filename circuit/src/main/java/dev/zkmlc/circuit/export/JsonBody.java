package dev.zkmlc.circuit.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.CircuitException;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnKind;
import dev.zkmlc.circuit.cs.ColumnValues;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Copy;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.cs.Gate;
import dev.zkmlc.circuit.cs.Lookup;
import dev.zkmlc.circuit.cs.Region;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The JSON form of a circuit file (layout in docs/circuit-format.md). */
final class JsonBody {
    /** Expressions nested deeper than this are written only in binary (JSON readers limit nesting). */
    static final int MAX_JSON_EXPRESSION_DEPTH = 400;
    private static final long JSON_SAFE_INTEGER = (1L << 53) - 1;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonBody() {
    }

    // ---------------------------------------------------------------- writing

    static ObjectNode encode(ConstraintSystem cs, Witness w, String sha256) {
        ObjectNode root = F.objectNode();
        root.put("format", CircuitExport.JSON_FORMAT);
        root.put("version", CircuitExport.VERSION);
        root.put("sha256", sha256);
        root.put("k", cs.k());
        root.put("blindingRows", cs.blindingRows());
        ObjectNode columns = root.putObject("columns");
        for (ColumnKind kind : ColumnKind.values()) {
            ArrayNode names = columns.putArray(kindName(kind));
            for (Column c : cs.columns(kind)) {
                names.add(c.name());
            }
        }
        ArrayNode phases = root.putArray("advicePhases");
        for (Column c : cs.advice()) {
            phases.add(cs.phase(c));
        }
        ArrayNode challenges = root.putArray("challenges");
        for (String c : cs.challenges()) {
            challenges.add(c);
        }
        ArrayNode eq = root.putArray("equality");
        for (Column c : cs.equalityColumns()) {
            eq.add(F.arrayNode().add(kindName(c.kind())).add(c.index()));
        }
        ArrayNode gates = root.putArray("gates");
        for (Gate g : cs.gates()) {
            ObjectNode gn = gates.addObject();
            gn.put("name", g.name());
            ArrayNode cn = gn.putArray("constraints");
            for (Expression e : g.constraints()) {
                cn.add(expression(e));
            }
        }
        ArrayNode lookups = root.putArray("lookups");
        for (Lookup l : cs.lookups()) {
            ObjectNode ln = lookups.addObject();
            ln.put("name", l.name());
            ArrayNode in = ln.putArray("inputs");
            l.inputs().forEach(e -> in.add(expression(e)));
            ArrayNode segs = ln.putArray("segments");
            for (List<Expression> segment : l.segments()) {
                ArrayNode tb = segs.addArray();
                segment.forEach(e -> tb.add(expression(e)));
            }
        }
        ArrayNode copies = root.putArray("copies");
        for (Copy c : cs.copies()) {
            copies.add(F.arrayNode().add(cell(c.a())).add(cell(c.b())));
        }
        ArrayNode regions = root.putArray("regions");
        for (Region r : cs.regions()) {
            ObjectNode rn = regions.addObject();
            rn.put("name", r.name());
            rn.put("origin", r.origin());
            rn.put("firstRow", r.firstRow());
            rn.put("rowCount", r.rowCount());
        }
        ArrayNode fixed = root.putArray("fixed");
        for (Column c : cs.fixed()) {
            fixed.add(values(cs.fixedValues(c)));
        }
        if (w != null) {
            ObjectNode wn = root.putObject("witness");
            ArrayNode adv = wn.putArray("advice");
            for (int i = 0; i < w.adviceColumnCount(); i++) {
                adv.add(values(w.column(new Column(ColumnKind.ADVICE, i, ""))));
            }
            ArrayNode ins = wn.putArray("instance");
            for (int i = 0; i < w.instanceColumnCount(); i++) {
                ins.add(values(w.column(new Column(ColumnKind.INSTANCE, i, ""))));
            }
        }
        return root;
    }

    /** Tree depth of an expression (a leaf has depth 1). */
    static int depth(Expression e) {
        if (e instanceof Expression.Sum) {
            return 1 + Math.max(depth(((Expression.Sum) e).a()), depth(((Expression.Sum) e).b()));
        }
        if (e instanceof Expression.Product) {
            return 1 + Math.max(depth(((Expression.Product) e).a()), depth(((Expression.Product) e).b()));
        }
        if (e instanceof Expression.Negated) {
            return 1 + depth(((Expression.Negated) e).e());
        }
        if (e instanceof Expression.Scaled) {
            return 1 + depth(((Expression.Scaled) e).e());
        }
        return 1;
    }

    private static String kindName(ColumnKind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }

    private static JsonNode cell(CellRef c) {
        return F.arrayNode().add(kindName(c.column().kind())).add(c.column().index()).add(c.row());
    }

    private static JsonNode value(Fr v) {
        BigInteger s = v.signed();
        if (s.bitLength() <= 53 && Math.abs(s.longValue()) <= JSON_SAFE_INTEGER) {
            return F.numberNode(s.longValue());
        }
        return F.textNode(s.toString());
    }

    private static JsonNode values(ColumnValues v) {
        ArrayNode a = F.arrayNode();
        for (int row = 0; row < v.length(); row++) {
            a.add(value(v.get(row)));
        }
        return a;
    }

    private static JsonNode expression(Expression e) {
        ObjectNode n = F.objectNode();
        if (e instanceof Expression.Constant) {
            n.set("const", value(((Expression.Constant) e).value()));
        } else if (e instanceof Expression.Cell) {
            Expression.Cell c = (Expression.Cell) e;
            n.set("cell", F.arrayNode().add(kindName(c.column().kind())).add(c.column().index()).add(c.rotation()));
        } else if (e instanceof Expression.Sum) {
            n.set("sum", F.arrayNode().add(expression(((Expression.Sum) e).a())).add(expression(((Expression.Sum) e).b())));
        } else if (e instanceof Expression.Product) {
            Expression.Product p = (Expression.Product) e;
            n.set("product", F.arrayNode().add(expression(p.a())).add(expression(p.b())));
        } else if (e instanceof Expression.Challenge) {
            n.put("challenge", ((Expression.Challenge) e).index());
        } else if (e instanceof Expression.Negated) {
            n.set("neg", expression(((Expression.Negated) e).e()));
        } else {
            Expression.Scaled s = (Expression.Scaled) e;
            n.set("scale", F.arrayNode().add(expression(s.e())).add(value(s.factor())));
        }
        return n;
    }

    // ---------------------------------------------------------------- reading

    static BinaryBody.Content decode(JsonNode root) {
        try {
            return decodeUnchecked(root);
        } catch (CircuitFormatException e) {
            throw e;
        } catch (CircuitException | IllegalArgumentException | ArithmeticException e) {
            throw new CircuitFormatException("malformed circuit JSON: " + e.getMessage());
        }
    }

    private static BinaryBody.Content decodeUnchecked(JsonNode root) {
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        b.k(integer(field(root, "k", "$"), "$.k"));
        b.blindingRows(integer(field(root, "blindingRows", "$"), "$.blindingRows"));
        JsonNode columns = field(root, "columns", "$");
        JsonNode phases = array(field(root, "advicePhases", "$"), "$.advicePhases");
        List<List<Column>> cols = new ArrayList<>();
        for (ColumnKind kind : ColumnKind.values()) {
            String path = "$.columns." + kindName(kind);
            List<Column> list = new ArrayList<>();
            JsonNode names = array(field(columns, kindName(kind), "$.columns"), path);
            if (kind == ColumnKind.ADVICE && phases.size() != names.size()) {
                throw bad("$.advicePhases", "has " + phases.size() + " entries for " + names.size() + " advice columns");
            }
            int i = 0;
            for (JsonNode name : names) {
                String n = text(name, path);
                list.add(kind == ColumnKind.ADVICE ? b.advice(n, integer(phases.get(i++), "$.advicePhases"))
                        : kind == ColumnKind.FIXED ? b.fixed(n) : b.instance(n));
            }
            cols.add(list);
        }
        List<Expression.Challenge> chs = new ArrayList<>();
        for (JsonNode c : array(field(root, "challenges", "$"), "$.challenges")) {
            chs.add(b.challenge(text(c, "$.challenges")));
        }
        for (JsonNode e : array(field(root, "equality", "$"), "$.equality")) {
            b.enableEquality(column(e, cols, "$.equality"));
        }
        for (JsonNode g : array(field(root, "gates", "$"), "$.gates")) {
            String name = text(field(g, "name", "$.gates[]"), "$.gates[].name");
            String path = "$.gates['" + name + "']";
            List<Expression> cs = new ArrayList<>();
            for (JsonNode c : array(field(g, "constraints", path), path + ".constraints")) {
                cs.add(expression(c, cols, chs, path));
            }
            b.gate(new Gate(name, cs));
        }
        for (JsonNode l : array(field(root, "lookups", "$"), "$.lookups")) {
            String name = text(field(l, "name", "$.lookups[]"), "$.lookups[].name");
            String path = "$.lookups['" + name + "']";
            List<Expression> inputs = new ArrayList<>();
            for (JsonNode e : array(field(l, "inputs", path), path + ".inputs")) {
                inputs.add(expression(e, cols, chs, path));
            }
            List<List<Expression>> segments = new ArrayList<>();
            for (JsonNode seg : array(field(l, "segments", path), path + ".segments")) {
                List<Expression> table = new ArrayList<>();
                for (JsonNode e : array(seg, path + ".segments[]")) {
                    table.add(expression(e, cols, chs, path));
                }
                segments.add(table);
            }
            b.lookup(new Lookup(name, inputs, segments));
        }
        for (JsonNode c : array(field(root, "copies", "$"), "$.copies")) {
            if (!c.isArray() || c.size() != 2) {
                throw bad("$.copies", "each copy is a pair of cells");
            }
            b.copy(cellRef(c.get(0), cols), cellRef(c.get(1), cols));
        }
        for (JsonNode r : array(field(root, "regions", "$"), "$.regions")) {
            b.region(text(field(r, "name", "$.regions[]"), "$.regions[].name"),
                    text(field(r, "origin", "$.regions[]"), "$.regions[].origin"),
                    integer(field(r, "firstRow", "$.regions[]"), "$.regions[].firstRow"),
                    integer(field(r, "rowCount", "$.regions[]"), "$.regions[].rowCount"));
        }
        List<Column> fixedCols = cols.get(ColumnKind.FIXED.ordinal());
        JsonNode fixed = array(field(root, "fixed", "$"), "$.fixed");
        if (fixed.size() != fixedCols.size()) {
            throw bad("$.fixed", "has " + fixed.size() + " columns, the circuit declares " + fixedCols.size());
        }
        for (int i = 0; i < fixedCols.size(); i++) {
            Column c = fixedCols.get(i);
            BinaryBody.forEachAssigned(values(fixed.get(i), "$.fixed[" + i + "]"), (row, x) -> b.fixed(c, row, x));
        }
        ConstraintSystem cs = b.build();
        JsonNode wn = root.get("witness");
        if (wn == null || wn.isNull()) {
            return new BinaryBody.Content(cs, null);
        }
        Witness.Builder w = Witness.builder();
        for (ColumnKind kind : new ColumnKind[] {ColumnKind.ADVICE, ColumnKind.INSTANCE}) {
            String path = "$.witness." + kindName(kind);
            JsonNode list = array(field(wn, kindName(kind), "$.witness"), path);
            for (int i = 0; i < list.size(); i++) {
                Column c = new Column(kind, i, kindName(kind) + i);
                BinaryBody.forEachAssigned(values(list.get(i), path + "[" + i + "]"), (row, x) -> w.set(c, row, x));
            }
        }
        return new BinaryBody.Content(cs, w.build());
    }

    private static CircuitFormatException bad(String path, String what) {
        return new CircuitFormatException("malformed circuit JSON at " + path + ": " + what);
    }

    private static JsonNode field(JsonNode obj, String name, String path) {
        if (obj == null || !obj.isObject()) {
            throw bad(path, "expected an object");
        }
        JsonNode v = obj.get(name);
        if (v == null) {
            throw bad(path, "missing field '" + name + "'");
        }
        return v;
    }

    private static JsonNode array(JsonNode n, String path) {
        if (!n.isArray()) {
            throw bad(path, "expected an array");
        }
        return n;
    }

    private static String text(JsonNode n, String path) {
        if (!n.isTextual()) {
            throw bad(path, "expected a string");
        }
        return n.asText();
    }

    private static int integer(JsonNode n, String path) {
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw bad(path, "expected an integer");
        }
        return n.intValue();
    }

    private static Fr value(JsonNode n, String path) {
        BigInteger v;
        if (n.isIntegralNumber()) {
            v = n.bigIntegerValue();
        } else if (n.isTextual()) {
            try {
                v = new BigInteger(n.asText());
            } catch (NumberFormatException e) {
                throw bad(path, "'" + n.asText() + "' is not a decimal integer");
            }
        } else {
            throw bad(path, "expected an integer or a decimal string");
        }
        if (v.abs().compareTo(Fr.MODULUS) >= 0) {
            throw bad(path, "value " + v + " is not below the field order in absolute value");
        }
        return Fr.of(v);
    }

    private static ColumnValues values(JsonNode n, String path) {
        array(n, path);
        if (n.size() > BinaryBody.MAX_ROWS) {
            throw bad(path, "more than 2^28 rows");
        }
        ColumnValues.Builder v = new ColumnValues.Builder();
        for (int row = 0; row < n.size(); row++) {
            v.set(row, value(n.get(row), path + "[" + row + "]"));
        }
        return v.build();
    }

    private static Column column(JsonNode n, List<List<Column>> cols, String path) {
        if (!n.isArray() || n.size() < 2) {
            throw bad(path, "expected [kind, index]");
        }
        String kind = text(n.get(0), path);
        int k;
        switch (kind) {
            case "advice":
                k = 0;
                break;
            case "fixed":
                k = 1;
                break;
            case "instance":
                k = 2;
                break;
            default:
                throw bad(path, "unknown column kind '" + kind + "'");
        }
        int index = integer(n.get(1), path);
        if (index < 0 || index >= cols.get(k).size()) {
            throw bad(path, "no " + kind + " column " + index);
        }
        return cols.get(k).get(index);
    }

    private static CellRef cellRef(JsonNode n, List<List<Column>> cols) {
        if (!n.isArray() || n.size() != 3) {
            throw bad("$.copies", "expected [kind, index, row]");
        }
        return new CellRef(column(n, cols, "$.copies"), integer(n.get(2), "$.copies"));
    }

    private static Expression expression(JsonNode n, List<List<Column>> cols, List<Expression.Challenge> chs,
            String path) {
        if (!n.isObject() || n.size() != 1) {
            throw bad(path, "an expression is an object with one field");
        }
        String op = n.fieldNames().next();
        JsonNode a = n.get(op);
        switch (op) {
            case "const":
                return new Expression.Constant(value(a, path));
            case "challenge": {
                int i = integer(a, path);
                if (i < 0 || i >= chs.size()) {
                    throw bad(path, "no challenge " + i);
                }
                return chs.get(i);
            }
            case "cell":
                if (!a.isArray() || a.size() != 3) {
                    throw bad(path, "cell is [kind, index, rotation]");
                }
                return new Expression.Cell(column(a, cols, path), integer(a.get(2), path));
            case "sum":
            case "product": {
                if (!a.isArray() || a.size() != 2) {
                    throw bad(path, op + " takes two operands");
                }
                Expression x = expression(a.get(0), cols, chs, path);
                Expression y = expression(a.get(1), cols, chs, path);
                return op.equals("sum") ? new Expression.Sum(x, y) : new Expression.Product(x, y);
            }
            case "neg":
                return new Expression.Negated(expression(a, cols, chs, path));
            case "scale":
                if (!a.isArray() || a.size() != 2) {
                    throw bad(path, "scale is [expression, factor]");
                }
                return new Expression.Scaled(expression(a.get(0), cols, chs, path), value(a.get(1), path));
            default:
                throw bad(path, "unknown expression operator '" + op + "'");
        }
    }
}
