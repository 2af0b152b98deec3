package dev.zkmlc.frontend.dsl;

import dev.zkmlc.frontend.dsl.ZkAst.Pos;
import dev.zkmlc.grammar.ZkParser;
import dev.zkmlc.ir.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Turns ANTLR's parse tree into {@link ZkAst} records: the only code that knows the parse tree's shape. */
final class AstBuilder {
    private AstBuilder() {}

    static ZkAst.Program program(ZkParser.ProgramContext p) {
        List<ZkAst.Import> imports = new ArrayList<>();
        for (ZkParser.ImportDeclContext i : p.importDecl()) {
            imports.add(new ZkAst.Import(names(i.qualifiedName()), i.alias == null ? null : name(i.alias)));
        }
        List<ZkAst.TopDecl> decls = new ArrayList<>();
        for (ZkParser.TopDeclContext top : p.topDecl()) {
            decls.add(top.functionDecl() != null ? function(top.functionDecl()) : model(top.modelDecl()));
        }
        return new ZkAst.Program(imports, decls);
    }

    private static ZkAst.FunctionDecl function(ZkParser.FunctionDeclContext f) {
        List<ZkAst.FnParam> params = new ArrayList<>();
        for (ZkParser.FnParamContext p : f.fnParam()) {
            params.add(new ZkAst.FnParam(name(p.name), p.defaultValue == null ? null : expr(p.defaultValue)));
        }
        ZkAst.Body body;
        if (f.functionBody() instanceof ZkParser.ExprBodyContext e) {
            body = new ZkAst.ExprBody(expr(e.expr()));
        } else {
            ZkParser.BlockBodyContext b = (ZkParser.BlockBodyContext) f.functionBody();
            List<ZkAst.Let> lets = new ArrayList<>();
            for (ZkParser.LetStmtContext l : b.letStmt()) {
                lets.add(let(l));
            }
            body = new ZkAst.BlockBody(lets, expr(b.returnStmt().expr()));
        }
        return new ZkAst.FunctionDecl(name(f.name), params, body);
    }

    private static ZkAst.ModelDecl model(ZkParser.ModelDeclContext m) {
        List<ZkAst.ModelItem> items = new ArrayList<>();
        for (ZkParser.ModelItemContext item : m.modelItem()) {
            items.add(modelItem(item));
        }
        return new ZkAst.ModelDecl(name(m.name), items);
    }

    private static ZkAst.ModelItem modelItem(ZkParser.ModelItemContext item) {
        if (item.inputDecl() != null) {
            ZkParser.InputDeclContext d = item.inputDecl();
            return new ZkAst.InputDecl(name(d.name), shape(d.shape()), vis(d.visibility()));
        }
        if (item.paramDecl() instanceof ZkParser.ParamFromFileContext f) {
            String quoted = f.file.getText();
            String path = quoted.substring(1, quoted.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            return new ZkAst.ParamDecl(name(f.name), f.shape() == null ? null : shape(f.shape()),
                    new ZkAst.FromFile(path, pos(f.file)), vis(f.visibility()));
        }
        if (item.paramDecl() instanceof ZkParser.ParamInlineContext p) {
            return new ZkAst.ParamDecl(name(p.name), p.shape() == null ? null : shape(p.shape()),
                    new ZkAst.Inline(expr(p.value)), vis(p.visibility()));
        }
        if (item.letStmt() != null) {
            return let(item.letStmt());
        }
        ZkParser.OutputDeclContext o = item.outputDecl();
        return new ZkAst.OutputDecl(name(o.name), o.expr() == null ? null : expr(o.expr()), vis(o.visibility()));
    }

    private static ZkAst.Let let(ZkParser.LetStmtContext l) {
        return new ZkAst.Let(name(l.name), expr(l.expr()));
    }

    private static ZkAst.Shape shape(ZkParser.ShapeContext s) {
        List<ZkAst.Extent> extents = new ArrayList<>();
        for (TerminalNode n : s.INT()) {
            extents.add(new ZkAst.Extent(n.getText(), pos(n.getSymbol())));
        }
        return new ZkAst.Shape(extents, pos(s));
    }

    private static ZkAst.Vis vis(ZkParser.VisibilityContext v) {
        return v == null ? null : new ZkAst.Vis(Visibility.valueOf(v.getText().toUpperCase(Locale.ROOT)), pos(v));
    }

    static ZkAst.Expr expr(ZkParser.ExprContext e) {
        if (e instanceof ZkParser.PrimaryExprContext p) {
            return primary(p.primary());
        }
        if (e instanceof ZkParser.AddExprContext a) {
            return new ZkAst.Binary(ZkAst.BinaryOp.of(a.op.getText()), expr(a.expr(0)), expr(a.expr(1)), pos(a.op));
        }
        if (e instanceof ZkParser.MulExprContext m) {
            return new ZkAst.Binary(ZkAst.BinaryOp.of(m.op.getText()), expr(m.expr(0)), expr(m.expr(1)), pos(m.op));
        }
        if (e instanceof ZkParser.NegExprContext n) {
            return new ZkAst.Negate(expr(n.expr()), pos(n));
        }
        ZkParser.IndexExprContext ix = (ZkParser.IndexExprContext) e;
        List<ZkAst.IndexItem> items = new ArrayList<>();
        for (ZkParser.IndexContext i : ix.index()) {
            if (i instanceof ZkParser.PointIndexContext point) {
                items.add(new ZkAst.Point(expr(point.expr())));
            } else {
                ZkParser.RangeIndexContext r = (ZkParser.RangeIndexContext) i;
                items.add(new ZkAst.Range(optional(r.start), optional(r.end), optional(r.step), pos(r)));
            }
        }
        return new ZkAst.Index(expr(ix.expr()), items, pos(openBracket(ix)));
    }

    /** The '[' that opens the index list, where indexing errors point. */
    private static Token openBracket(ZkParser.IndexExprContext ix) {
        for (int i = 0; i < ix.getChildCount(); i++) {
            if (ix.getChild(i) instanceof TerminalNode tn && tn.getText().equals("[")) {
                return tn.getSymbol();
            }
        }
        return ix.getStart();
    }

    private static ZkAst.Expr optional(ZkParser.ExprContext e) {
        return e == null ? null : expr(e);
    }

    private static ZkAst.Expr primary(ZkParser.PrimaryContext p) {
        if (p instanceof ZkParser.CallContext c) {
            List<ZkAst.Argument> args = new ArrayList<>();
            for (ZkParser.ArgumentContext a : c.argument()) {
                args.add(new ZkAst.Argument(a.name == null ? null : name(a.name), expr(a.expr())));
            }
            return new ZkAst.Call(names(c.callee), args);
        }
        if (p instanceof ZkParser.NameContext n) {
            return new ZkAst.Var(name(n.ID().getSymbol()));
        }
        if (p instanceof ZkParser.IntLiteralContext i) {
            return new ZkAst.IntLit(i.getText(), pos(i));
        }
        if (p instanceof ZkParser.FloatLiteralContext f) {
            return new ZkAst.FloatLit(f.getText(), pos(f));
        }
        if (p instanceof ZkParser.BoolLiteralContext b) {
            return new ZkAst.BoolLit(b.TRUE() != null, pos(b));
        }
        if (p instanceof ZkParser.ListLiteralContext l) {
            List<ZkAst.Expr> items = new ArrayList<>();
            for (ZkParser.ExprContext item : l.expr()) {
                items.add(expr(item));
            }
            return new ZkAst.ListLit(items, pos(l));
        }
        return expr(((ZkParser.ParensContext) p).expr());
    }

    private static List<ZkAst.Name> names(ZkParser.QualifiedNameContext q) {
        List<ZkAst.Name> out = new ArrayList<>();
        for (TerminalNode id : q.ID()) {
            out.add(name(id.getSymbol()));
        }
        return out;
    }

    private static ZkAst.Name name(Token t) {
        return new ZkAst.Name(t.getText(), pos(t));
    }

    private static Pos pos(Token t) {
        return new Pos(t.getLine(), t.getCharPositionInLine() + 1);
    }

    private static Pos pos(ParserRuleContext ctx) {
        return pos(ctx.getStart());
    }
}
