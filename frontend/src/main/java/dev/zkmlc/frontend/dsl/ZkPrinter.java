package dev.zkmlc.frontend.dsl;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints a {@link ZkAst} as canonical {@code .zk} text: four-space indentation, one declaration a
 * line, a blank line between top-level declarations and between runs of different kinds of model
 * declarations, spaces around binary operators and {@code =}, only the parentheses that
 * precedence needs, and calls and lists broken one argument a line where a line would be wider
 * than 100 characters. Parsing the text gives back the same tree ({@link ZkAst.Program#withoutPositions()}
 * equal), and printing that tree gives the same text. {@link #format} keeps the source's comments
 * ({@link CommentPlacer} says where each goes).
 */
public final class ZkPrinter {
    private static final String INDENT = "    ";
    /** Lines wider than this have their calls and lists broken over lines. */
    private static final int WIDTH = 100;
    /** Precedence of prefix minus, postfix indexing and atoms, above the binary operators' 1 and 2. */
    private static final int NEGATE = 3;
    private static final int POSTFIX = 4;
    private static final int ATOM = 5;

    private ZkPrinter() {}

    /**
     * Parses {@code text} and prints it in canonical form. A syntax error is a {@link DslException}
     * naming {@code displayName}; the result is checked to mean exactly what {@code text} means.
     */
    public static String format(String displayName, String text) {
        try {
            ZkAst.Program program = ZkParsing.parseProgram(new SourceFile(displayName, text, false));
            SourceComments comments = SourceComments.of(text);
            String printed = print(program, comments);
            ZkAst.Program again = ZkParsing.parseProgram(new SourceFile(displayName + " (formatted)", printed, false));
            // A printer bug must never rewrite a user's file into a different program, or lose a comment.
            if (!again.withoutPositions().equals(program.withoutPositions())) {
                throw new IllegalStateException("the canonical form of " + displayName + " does not parse back to the same program");
            }
            if (!commentTexts(SourceComments.of(printed)).equals(commentTexts(comments))) {
                throw new IllegalStateException("the canonical form of " + displayName + " does not keep every comment");
            }
            return printed;
        } catch (StackOverflowError e) {
            throw DslException.inFile(displayName, "the program is nested too deeply to format"
                    + " (simplify it, or give Java a larger stack with -Xss)");
        }
    }

    /** The comments' texts, sorted: formatting may move a comment but never drops or changes one. */
    private static List<String> commentTexts(SourceComments comments) {
        List<String> texts = new ArrayList<>();
        for (SourceComments.Comment c : comments.comments()) {
            texts.add(c.text());
        }
        texts.sort(null);
        return texts;
    }

    /** The canonical text of a program, ending with a line break (empty for an empty program). */
    public static String print(ZkAst.Program program) {
        return print(program, SourceComments.NONE);
    }

    private static String print(ZkAst.Program program, SourceComments comments) {
        CommentPlacer out = new CommentPlacer(comments);
        for (ZkAst.Import i : program.imports()) {
            out.unit(0, "import " + i.dotted() + (i.alias() == null ? "" : " as " + i.alias().text()));
        }
        boolean first = program.imports().isEmpty();
        for (ZkAst.TopDecl d : program.decls()) {
            if (!first) {
                out.blankLine();
            }
            first = false;
            if (d instanceof ZkAst.FunctionDecl f) {
                function(out, f);
            } else {
                model(out, (ZkAst.ModelDecl) d);
            }
        }
        return out.finish();
    }

    private static void function(CommentPlacer out, ZkAst.FunctionDecl f) {
        StringBuilder sb = new StringBuilder("fn ").append(f.name().text()).append('(');
        List<String> params = new ArrayList<>();
        for (ZkAst.FnParam p : f.params()) {
            params.add(p.defaultValue() == null ? p.name().text() : p.name().text() + " = " + expr(p.defaultValue()));
        }
        sb.append(String.join(", ", params)).append(')');
        if (f.body() instanceof ZkAst.ExprBody e) {
            out.unit(0, line(0, sb.append(" = ").toString(), e.value(), ""));
            return;
        }
        ZkAst.BlockBody block = (ZkAst.BlockBody) f.body();
        out.unit(0, sb.append(" {").toString());
        for (ZkAst.Let let : block.lets()) {
            out.unit(1, let(let));
        }
        out.unit(1, line(1, "return ", block.result(), ""));
        out.closingBrace(0);
    }

    private static void model(CommentPlacer out, ZkAst.ModelDecl m) {
        String head = "model " + m.name().text() + " {";
        if (m.items().isEmpty()) {
            out.unit(0, head + "}", 2);
            return;
        }
        out.unit(0, head);
        Class<?> previous = null;
        for (ZkAst.ModelItem item : m.items()) {
            if (previous != null && previous != item.getClass()) {
                out.blankLine();
            }
            previous = item.getClass();
            out.unit(1, modelItem(item));
        }
        out.closingBrace(0);
    }

    private static String modelItem(ZkAst.ModelItem item) {
        if (item instanceof ZkAst.InputDecl in) {
            return "input " + in.name().text() + ": " + shape(in.shape()) + visibility(in.visibility());
        }
        if (item instanceof ZkAst.ParamDecl p) {
            String head = "param " + p.name().text() + (p.shape() == null ? "" : ": " + shape(p.shape()));
            if (p.source() instanceof ZkAst.FromFile f) {
                return head + " from " + f.quoted() + visibility(p.visibility());
            }
            return line(1, head + " = ", ((ZkAst.Inline) p.source()).value(), visibility(p.visibility()));
        }
        if (item instanceof ZkAst.Let let) {
            return let(let);
        }
        ZkAst.OutputDecl o = (ZkAst.OutputDecl) item;
        if (o.value() == null) {
            return "output " + o.name().text() + visibility(o.visibility());
        }
        return line(1, "output " + o.name().text() + " = ", o.value(), visibility(o.visibility()));
    }

    /** A let, which is always one level deep (in a model or a function body). */
    private static String let(ZkAst.Let let) {
        return line(1, "let " + let.name().text() + " = ", let.value(), "");
    }

    /**
     * {@code head}, the expression and {@code tail} on one line at indentation level {@code indent},
     * or, when that is wider than {@link #WIDTH}, with the expression's calls and lists broken
     * over lines, one argument a line.
     */
    private static String line(int indent, String head, ZkAst.Expr e, String tail) {
        String flat = head + expr(e) + tail;
        if (indent * INDENT.length() + flat.length() <= WIDTH) {
            return flat;
        }
        return head + layout(e, indent, indent * INDENT.length() + head.length()) + tail;
    }

    /** The expression starting at {@code column} of a line at level {@code indent}, broken where it is too wide. */
    private static String layout(ZkAst.Expr e, int indent, int column) {
        String flat = expr(e);
        if (column + flat.length() <= WIDTH) {
            return flat;
        }
        if (e instanceof ZkAst.Binary b) {
            int p = b.op().precedence();
            String left = layoutOperand(b.left(), p, indent, column);
            String joiner = " " + b.op().symbol() + " ";
            return left + joiner + layoutOperand(b.right(), p + 1, indent, endColumn(left, column) + joiner.length());
        }
        if (e instanceof ZkAst.Negate n) {
            return "-" + layoutOperand(n.operand(), NEGATE, indent, column + 1);
        }
        if (e instanceof ZkAst.Index ix) {
            String base = layoutOperand(ix.base(), POSTFIX, indent, column);
            return base + flat.substring(operand(ix.base(), POSTFIX).length());
        }
        List<String> heads = new ArrayList<>();
        List<ZkAst.Expr> values = new ArrayList<>();
        String open;
        String close;
        if (e instanceof ZkAst.Call c) {
            for (ZkAst.Argument a : c.args()) {
                heads.add(a.name() == null ? "" : a.name().text() + " = ");
                values.add(a.value());
            }
            open = c.dotted() + "(";
            close = ")";
        } else if (e instanceof ZkAst.ListLit l) {
            for (ZkAst.Expr item : l.items()) {
                heads.add("");
                values.add(item);
            }
            open = "[";
            close = "]";
        } else {
            return flat;
        }
        if (values.isEmpty()) {
            return flat;
        }
        // One item a line, one level deeper, each with a trailing comma, then the closing bracket.
        StringBuilder sb = new StringBuilder(open).append('\n');
        String inner = INDENT.repeat(indent + 1);
        for (int i = 0; i < values.size(); i++) {
            sb.append(inner).append(heads.get(i))
                    .append(layout(values.get(i), indent + 1, inner.length() + heads.get(i).length())).append(",\n");
        }
        return sb.append(INDENT.repeat(indent)).append(close).toString();
    }

    private static String layoutOperand(ZkAst.Expr e, int minimum, int indent, int column) {
        return precedence(e) < minimum ? "(" + layout(e, indent, column + 1) + ")" : layout(e, indent, column);
    }

    /** The column after {@code text} when it starts at {@code column}. */
    private static int endColumn(String text, int column) {
        int newline = text.lastIndexOf('\n');
        return newline < 0 ? column + text.length() : text.length() - newline - 1;
    }

    private static String shape(ZkAst.Shape s) {
        List<String> extents = new ArrayList<>();
        for (ZkAst.Extent e : s.extents()) {
            extents.add(e.digits());
        }
        return "[" + String.join(", ", extents) + "]";
    }

    private static String visibility(ZkAst.Vis v) {
        return v == null ? "" : " " + v.value().keyword();
    }

    /** An expression with the fewest parentheses that keep its tree. */
    static String expr(ZkAst.Expr e) {
        if (e instanceof ZkAst.Binary b) {
            int p = b.op().precedence();
            // Left-associative: a left operand of the same precedence needs no parentheses, a right one does.
            return operand(b.left(), p) + " " + b.op().symbol() + " " + operand(b.right(), p + 1);
        }
        if (e instanceof ZkAst.Negate n) {
            return "-" + operand(n.operand(), NEGATE);
        }
        if (e instanceof ZkAst.Index ix) {
            List<String> items = new ArrayList<>();
            for (ZkAst.IndexItem item : ix.items()) {
                items.add(indexItem(item));
            }
            return operand(ix.base(), POSTFIX) + "[" + String.join(", ", items) + "]";
        }
        if (e instanceof ZkAst.Call c) {
            List<String> args = new ArrayList<>();
            for (ZkAst.Argument a : c.args()) {
                args.add(a.name() == null ? expr(a.value()) : a.name().text() + " = " + expr(a.value()));
            }
            return c.dotted() + "(" + String.join(", ", args) + ")";
        }
        if (e instanceof ZkAst.Var v) {
            return v.name().text();
        }
        if (e instanceof ZkAst.IntLit i) {
            return i.digits();
        }
        if (e instanceof ZkAst.FloatLit f) {
            return f.text();
        }
        if (e instanceof ZkAst.BoolLit b) {
            return b.value() ? "true" : "false";
        }
        List<String> items = new ArrayList<>();
        for (ZkAst.Expr item : ((ZkAst.ListLit) e).items()) {
            items.add(expr(item));
        }
        return "[" + String.join(", ", items) + "]";
    }

    private static String indexItem(ZkAst.IndexItem item) {
        if (item instanceof ZkAst.Point p) {
            return expr(p.value());
        }
        ZkAst.Range r = (ZkAst.Range) item;
        StringBuilder sb = new StringBuilder();
        if (r.from() != null) {
            sb.append(expr(r.from()));
        }
        sb.append(':');
        if (r.to() != null) {
            sb.append(expr(r.to()));
        }
        if (r.step() != null) {
            sb.append(':').append(expr(r.step()));
        }
        return sb.toString();
    }

    /** {@code e} as an operand of a context that binds at {@code minimum}: in parentheses when it binds looser. */
    private static String operand(ZkAst.Expr e, int minimum) {
        String text = expr(e);
        return precedence(e) < minimum ? "(" + text + ")" : text;
    }

    private static int precedence(ZkAst.Expr e) {
        if (e instanceof ZkAst.Binary b) {
            return b.op().precedence();
        }
        if (e instanceof ZkAst.Negate) {
            return NEGATE;
        }
        return e instanceof ZkAst.Index ? POSTFIX : ATOM;
    }
}
