package dev.zkmlc.frontend.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.frontend.dsl.ZkAst.Pos;
import dev.zkmlc.ir.Visibility;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The printer's laws on random trees: any program the grammar can express, printed and parsed
 * again, is the same tree, and printing it again gives the same text; a random tensor expression
 * printed canonically compiles to the same graph as the same tree with every subexpression in
 * parentheses.
 */
class ZkPrinterPropertyTest {
    private static final String[] NAMES = {"x", "y", "w1", "_h", "dense", "nn", "a_b", "Q"};
    private static final String[] INTS = {"0", "1", "7", "42", "784", "007"};
    private static final String[] FLOATS = {"0.5", "1.", ".25", "1e-5", "3.0E+2", "2.5e3"};
    private static final String[] PATHS = {"w.npy", "dir/b1.npy", "odd \\\"name\\\".npy", "back\\\\slash.npy"};

    /** Random syntax trees with every position {@link Pos#NONE}, as {@link ZkAst.Program#withoutPositions()} has. */
    private static final class Trees {
        private final Random rnd;

        Trees(long seed) {
            this.rnd = new Random(seed);
        }

        private <T> List<T> some(int max, Supplier<T> item) {
            List<T> out = new ArrayList<>();
            for (int i = rnd.nextInt(max + 1); i > 0; i--) {
                out.add(item.get());
            }
            return out;
        }

        private String pick(String[] from) {
            return from[rnd.nextInt(from.length)];
        }

        private ZkAst.Name name() {
            return new ZkAst.Name(pick(NAMES), Pos.NONE);
        }

        private <T> T maybe(Supplier<T> item) {
            return rnd.nextBoolean() ? item.get() : null;
        }

        ZkAst.Program program() {
            List<ZkAst.Import> imports = some(2, () -> new ZkAst.Import(names(3), maybe(this::name)));
            List<ZkAst.TopDecl> decls = some(3, () -> rnd.nextInt(3) == 0 ? model() : function());
            return new ZkAst.Program(imports, decls);
        }

        private List<ZkAst.Name> names(int max) {
            List<ZkAst.Name> out = new ArrayList<>(List.of(name()));
            out.addAll(some(max - 1, this::name));
            return out;
        }

        private ZkAst.FunctionDecl function() {
            List<ZkAst.FnParam> params = some(3, () -> new ZkAst.FnParam(name(), maybe(() -> expr(2))));
            ZkAst.Body body = rnd.nextBoolean() ? new ZkAst.ExprBody(expr(4))
                    : new ZkAst.BlockBody(some(3, () -> new ZkAst.Let(name(), expr(3))), expr(3));
            return new ZkAst.FunctionDecl(name(), params, body);
        }

        private ZkAst.ModelDecl model() {
            return new ZkAst.ModelDecl(name(), some(6, this::modelItem));
        }

        private ZkAst.ModelItem modelItem() {
            switch (rnd.nextInt(4)) {
                case 0:
                    return new ZkAst.InputDecl(name(), shape(), vis());
                case 1:
                    ZkAst.ParamSource source = rnd.nextBoolean() ? new ZkAst.FromFile(unescape(pick(PATHS)), Pos.NONE)
                            : new ZkAst.Inline(expr(2));
                    return new ZkAst.ParamDecl(name(), maybe(this::shape), source, vis());
                case 2:
                    return new ZkAst.Let(name(), expr(4));
                default:
                    return new ZkAst.OutputDecl(name(), maybe(() -> expr(3)), vis());
            }
        }

        private static String unescape(String quotedBody) {
            return quotedBody.replace("\\\"", "\"").replace("\\\\", "\\");
        }

        private ZkAst.Shape shape() {
            return new ZkAst.Shape(some(3, () -> new ZkAst.Extent(pick(INTS), Pos.NONE)), Pos.NONE);
        }

        private ZkAst.Vis vis() {
            Visibility[] all = Visibility.values();
            return maybe(() -> new ZkAst.Vis(all[rnd.nextInt(all.length)], Pos.NONE));
        }

        ZkAst.Expr expr(int depth) {
            int pick = depth == 0 ? rnd.nextInt(4) : rnd.nextInt(10);
            switch (pick) {
                case 0:
                    return new ZkAst.Var(name());
                case 1:
                    return new ZkAst.IntLit(pick(INTS), Pos.NONE);
                case 2:
                    return new ZkAst.FloatLit(pick(FLOATS), Pos.NONE);
                case 3:
                    return new ZkAst.BoolLit(rnd.nextBoolean(), Pos.NONE);
                case 4:
                case 5:
                    ZkAst.BinaryOp[] ops = ZkAst.BinaryOp.values();
                    return new ZkAst.Binary(ops[rnd.nextInt(ops.length)], expr(depth - 1), expr(depth - 1), Pos.NONE);
                case 6:
                    return new ZkAst.Negate(expr(depth - 1), Pos.NONE);
                case 7:
                    List<ZkAst.IndexItem> items = new ArrayList<>(List.of(indexItem(depth - 1)));
                    items.addAll(some(2, () -> indexItem(depth - 1)));
                    return new ZkAst.Index(expr(depth - 1), items, Pos.NONE);
                case 8:
                    List<ZkAst.Argument> args = some(2, () -> new ZkAst.Argument(null, expr(depth - 1)));
                    args.addAll(some(2, () -> new ZkAst.Argument(name(), expr(depth - 1))));
                    return new ZkAst.Call(names(2), args);
                default:
                    return new ZkAst.ListLit(some(3, () -> expr(depth - 1)), Pos.NONE);
            }
        }

        private ZkAst.IndexItem indexItem(int depth) {
            if (rnd.nextBoolean()) {
                return new ZkAst.Point(expr(depth));
            }
            return new ZkAst.Range(maybe(() -> expr(depth)), maybe(() -> expr(depth)), maybe(() -> expr(depth)), Pos.NONE);
        }
    }

    @Test
    void randomProgramsPrintAndParseBackToThemselves() {
        qt().withExamples(500).forAll(longs().all()).checkAssert(seed -> {
            ZkAst.Program tree = new Trees(seed).program();
            String printed = ZkPrinter.print(tree);
            ZkAst.Program parsed = RoundTrip.parse("r.zk", printed);
            assertEquals(tree, parsed.withoutPositions(), printed);
            assertEquals(printed, ZkPrinter.print(parsed), "printing is not idempotent");
        });
    }

    @Test
    void randomExpressionsPrintAndParseBackToThemselves() {
        qt().withExamples(1000).forAll(longs().all()).checkAssert(seed -> {
            ZkAst.Expr e = new Trees(seed).expr(6);
            // Deep trees are mostly wider than a line, so this also checks the broken layout.
            ZkAst.Program tree = new ZkAst.Program(List.of(), List.of(new ZkAst.FunctionDecl(
                    new ZkAst.Name("e", Pos.NONE), List.of(), new ZkAst.ExprBody(e))));
            String printed = ZkPrinter.print(tree);
            ZkAst.Program parsed = RoundTrip.parse("e.zk", printed);
            assertEquals(tree, parsed.withoutPositions(), printed);
            assertEquals(printed, ZkPrinter.print(parsed), "printing is not idempotent");
        });
    }

    @Test
    void randomCommentsAreKeptAndFormattingThemIsIdempotent() {
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            Random rnd = new Random(seed);
            String printed = ZkPrinter.print(new Trees(seed).program());
            // Comments after random lines, on lines of their own (some after a blank line), and at random line ends.
            StringBuilder text = new StringBuilder();
            int n = 0;
            for (String line : printed.split("\n", -1)) {
                int roll = rnd.nextInt(6);
                if (roll == 0) {
                    text.append(rnd.nextBoolean() ? "\n" : "").append("# own ").append(n++).append('\n');
                }
                text.append(line);
                if (roll == 1 && !line.isBlank()) {
                    text.append("   # end ").append(n++).append(" ");
                }
                text.append('\n');
            }
            // format() itself refuses to return text that lost or changed a comment or means another program.
            String once = ZkPrinter.format("c.zk", text.toString());
            assertEquals(once, ZkPrinter.format("c.zk", once), text.toString());
        });
    }

    /**
     * A well-typed tensor expression over three [2, 2] inputs, as a tree, with random operators and
     * nesting. Every subtree holds an input, so that none folds to a compile-time number.
     */
    private static ZkAst.Expr tensorExpr(Random rnd, int depth) {
        int pick = depth == 0 ? 0 : rnd.nextInt(7);
        switch (pick) {
            case 0:
                return new ZkAst.Var(new ZkAst.Name(new String[] {"a", "b", "c"}[rnd.nextInt(3)], Pos.NONE));
            case 1:
                return new ZkAst.Negate(tensorExpr(rnd, depth - 1), Pos.NONE);
            case 2:
                // Reversing the rows keeps the shape, so any operand fits.
                return new ZkAst.Index(tensorExpr(rnd, depth - 1), List.of(new ZkAst.Range(null, null,
                        new ZkAst.Negate(new ZkAst.IntLit("1", Pos.NONE), Pos.NONE), Pos.NONE)), Pos.NONE);
            case 3:
                return new ZkAst.Call(List.of(new ZkAst.Name(new String[] {"relu", "sigmoid", "tanh"}[rnd.nextInt(3)], Pos.NONE)),
                        List.of(new ZkAst.Argument(null, tensorExpr(rnd, depth - 1))));
            default:
                ZkAst.BinaryOp[] ops = {ZkAst.BinaryOp.ADD, ZkAst.BinaryOp.SUB, ZkAst.BinaryOp.MUL, ZkAst.BinaryOp.DIV,
                    ZkAst.BinaryOp.MATMUL};
                ZkAst.BinaryOp op = ops[rnd.nextInt(ops.length)];
                ZkAst.Expr left = tensorExpr(rnd, depth - 1);
                ZkAst.Expr right = tensorExpr(rnd, depth - 1);
                if (op != ZkAst.BinaryOp.MATMUL && rnd.nextInt(3) == 0) {
                    ZkAst.Expr number = new ZkAst.FloatLit(new String[] {"0.5", "2.", "1e-1"}[rnd.nextInt(3)], Pos.NONE);
                    if (rnd.nextBoolean()) {
                        left = number;
                    } else {
                        right = number;
                    }
                }
                return new ZkAst.Binary(op, left, right, Pos.NONE);
        }
    }

    /** The expression with every compound subexpression in parentheses: written independently of the printer. */
    private static String fullyParenthesised(ZkAst.Expr e) {
        if (e instanceof ZkAst.Binary b) {
            return "(" + fullyParenthesised(b.left()) + " " + b.op().symbol() + " " + fullyParenthesised(b.right()) + ")";
        }
        if (e instanceof ZkAst.Negate n) {
            return "(-" + fullyParenthesised(n.operand()) + ")";
        }
        if (e instanceof ZkAst.Index ix) {
            return "(" + fullyParenthesised(ix.base()) + "[::-1])";
        }
        if (e instanceof ZkAst.Call c) {
            return c.dotted() + "(" + fullyParenthesised(c.args().get(0).value()) + ")";
        }
        return e instanceof ZkAst.Var v ? v.name().text() : ((ZkAst.FloatLit) e).text();
    }

    private static String graph(String expr) {
        return RoundTrip.withoutLocations(ZkFrontend.compileSource("p.zk", "model p {\n    input a: [2, 2]\n"
                + "    input b: [2, 2]\n    input c: [2, 2]\n    output y = " + expr + " + a\n}\n", Path.of(".")));
    }

    @Test
    void printedExpressionsCompileToTheSameGraph() {
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            ZkAst.Expr e = tensorExpr(new Random(seed), 4);
            String printed = ZkPrinter.expr(e);
            assertEquals(graph(fullyParenthesised(e)), graph(printed), printed);
        });
    }
}
