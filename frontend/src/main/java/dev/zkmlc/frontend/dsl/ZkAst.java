package dev.zkmlc.frontend.dsl;

import dev.zkmlc.ir.Visibility;
import java.util.List;
import java.util.function.Function;

/**
 * The syntax of a {@code .zk} file as immutable records: what the parser reads
 * ({@link ZkParsing#parseProgram}), the compiler evaluates and {@link ZkPrinter} prints. Nodes keep
 * the positions that error messages point at; {@link Program#withoutPositions()} drops them, so
 * that two programs compare equal when they say the same thing wherever it is written. Parentheses,
 * trailing commas and comments are not kept: they do not change what a program means.
 */
public sealed interface ZkAst {
    /** A 1-based line and column in the source; {@link #NONE} once positions are dropped. */
    record Pos(int line, int column) {
        public static final Pos NONE = new Pos(0, 0);
    }

    /** A name as written (a variable, a function, a model, a part of a module path). */
    record Name(String text, Pos pos) implements ZkAst {
        Name erase() {
            return new Name(text, Pos.NONE);
        }
    }

    /** A whole file: its imports, then its functions and model(s) in source order. */
    record Program(List<Import> imports, List<TopDecl> decls) implements ZkAst {
        public Program {
            imports = List.copyOf(imports);
            decls = List.copyOf(decls);
        }

        /** The same program with every position {@link Pos#NONE}: equal for equal meaning. */
        public Program withoutPositions() {
            return new Program(map(imports, Import::erase), map(decls, TopDecl::erase));
        }
    }

    /** {@code import std.nn} or {@code import std.nn as layers}; {@code alias} is null when absent. */
    record Import(List<Name> path, Name alias) implements ZkAst {
        public Import {
            path = List.copyOf(path);
        }

        public String dotted() {
            return String.join(".", map(path, Name::text));
        }

        Import erase() {
            return new Import(map(path, Name::erase), alias == null ? null : alias.erase());
        }
    }

    /** What a file defines at the top level. */
    sealed interface TopDecl extends ZkAst {
        TopDecl erase();
    }

    /** {@code fn name(params) = expr} or {@code fn name(params) { let ...; return expr }}. */
    record FunctionDecl(Name name, List<FnParam> params, Body body) implements TopDecl {
        public FunctionDecl {
            params = List.copyOf(params);
        }

        @Override
        public FunctionDecl erase() {
            return new FunctionDecl(name.erase(), map(params, FnParam::erase), body.erase());
        }
    }

    /** A function parameter; {@code defaultValue} is null when it has none. */
    record FnParam(Name name, Expr defaultValue) implements ZkAst {
        FnParam erase() {
            return new FnParam(name.erase(), defaultValue == null ? null : defaultValue.erase());
        }
    }

    sealed interface Body extends ZkAst {
        Body erase();
    }

    record ExprBody(Expr value) implements Body {
        @Override
        public ExprBody erase() {
            return new ExprBody(value.erase());
        }
    }

    record BlockBody(List<Let> lets, Expr result) implements Body {
        public BlockBody {
            lets = List.copyOf(lets);
        }

        @Override
        public BlockBody erase() {
            return new BlockBody(map(lets, Let::erase), result.erase());
        }
    }

    record ModelDecl(Name name, List<ModelItem> items) implements TopDecl {
        public ModelDecl {
            items = List.copyOf(items);
        }

        @Override
        public ModelDecl erase() {
            return new ModelDecl(name.erase(), map(items, ModelItem::erase));
        }
    }

    /** A declaration inside a model. */
    sealed interface ModelItem extends ZkAst {
        ModelItem erase();
    }

    /** A visibility keyword as written. */
    record Vis(Visibility value, Pos pos) implements ZkAst {
        Vis erase() {
            return new Vis(value, Pos.NONE);
        }
    }

    /** An extent of a shape, kept as its digits so that an out-of-range one is reported where written. */
    record Extent(String digits, Pos pos) implements ZkAst {
        Extent erase() {
            return new Extent(digits, Pos.NONE);
        }
    }

    /** {@code [d0, d1, ...]}; {@code pos} is the opening bracket. */
    record Shape(List<Extent> extents, Pos pos) implements ZkAst {
        public Shape {
            extents = List.copyOf(extents);
        }

        Shape erase() {
            return new Shape(map(extents, Extent::erase), Pos.NONE);
        }
    }

    /** {@code input name: shape visibility?}; {@code visibility} is null when not written. */
    record InputDecl(Name name, Shape shape, Vis visibility) implements ModelItem {
        @Override
        public InputDecl erase() {
            return new InputDecl(name.erase(), shape.erase(), visibility == null ? null : visibility.erase());
        }
    }

    /** {@code param name (: shape)? from "file" | = expr, visibility?}; {@code shape} and {@code visibility} may be null. */
    record ParamDecl(Name name, Shape shape, ParamSource source, Vis visibility) implements ModelItem {
        @Override
        public ParamDecl erase() {
            return new ParamDecl(name.erase(), shape == null ? null : shape.erase(), source.erase(),
                    visibility == null ? null : visibility.erase());
        }
    }

    sealed interface ParamSource extends ZkAst {
        ParamSource erase();
    }

    /** A weight file; {@code path} is the string's contents, without quotes or escapes. */
    record FromFile(String path, Pos pos) implements ParamSource {
        /** The path as a quoted string, as the source spells it. */
        public String quoted() {
            return "\"" + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }

        @Override
        public FromFile erase() {
            return new FromFile(path, Pos.NONE);
        }
    }

    record Inline(Expr value) implements ParamSource {
        @Override
        public Inline erase() {
            return new Inline(value.erase());
        }
    }

    /** {@code let name = expr}, in a model or a function body. */
    record Let(Name name, Expr value) implements ModelItem {
        @Override
        public Let erase() {
            return new Let(name.erase(), value.erase());
        }
    }

    /** {@code output name (= expr)? visibility?}; {@code value} and {@code visibility} may be null. */
    record OutputDecl(Name name, Expr value, Vis visibility) implements ModelItem {
        @Override
        public OutputDecl erase() {
            return new OutputDecl(name.erase(), value == null ? null : value.erase(),
                    visibility == null ? null : visibility.erase());
        }
    }

    /** An expression. {@link #pos()} is where messages about it point; {@link #start()} where it begins. */
    sealed interface Expr extends ZkAst {
        Pos pos();

        default Pos start() {
            return pos();
        }

        Expr erase();
    }

    /** The binary operators, with their precedence (higher binds tighter; all are left-associative). */
    enum BinaryOp {
        ADD("+", 1), SUB("-", 1), MUL("*", 2), DIV("/", 2), FLOOR_DIV("//", 2), MATMUL("@", 2);

        private final String symbol;
        private final int precedence;

        BinaryOp(String symbol, int precedence) {
            this.symbol = symbol;
            this.precedence = precedence;
        }

        public String symbol() {
            return symbol;
        }

        public int precedence() {
            return precedence;
        }

        static BinaryOp of(String symbol) {
            for (BinaryOp op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalArgumentException("not a binary operator: " + symbol);
        }
    }

    /** {@code left op right}; {@code pos} is the operator. */
    record Binary(BinaryOp op, Expr left, Expr right, Pos pos) implements Expr {
        @Override
        public Pos start() {
            return left.start();
        }

        @Override
        public Binary erase() {
            return new Binary(op, left.erase(), right.erase(), Pos.NONE);
        }
    }

    /** {@code -operand}; {@code pos} is the minus sign. */
    record Negate(Expr operand, Pos pos) implements Expr {
        @Override
        public Negate erase() {
            return new Negate(operand.erase(), Pos.NONE);
        }
    }

    /** {@code base[i, j:k, ::s]}; {@code pos} is the opening bracket. */
    record Index(Expr base, List<IndexItem> items, Pos pos) implements Expr {
        public Index {
            items = List.copyOf(items);
        }

        @Override
        public Pos start() {
            return base.start();
        }

        @Override
        public Index erase() {
            return new Index(base.erase(), map(items, IndexItem::erase), Pos.NONE);
        }
    }

    /** One position of an index list. */
    sealed interface IndexItem extends ZkAst {
        Pos start();

        IndexItem erase();
    }

    /** An integer index, which drops its axis. */
    record Point(Expr value) implements IndexItem {
        @Override
        public Pos start() {
            return value.start();
        }

        @Override
        public Point erase() {
            return new Point(value.erase());
        }
    }

    /** {@code start:end:step}, each part optional (null); {@code pos} is where the range begins. */
    record Range(Expr from, Expr to, Expr step, Pos pos) implements IndexItem {
        @Override
        public Pos start() {
            return pos;
        }

        @Override
        public Range erase() {
            return new Range(from == null ? null : from.erase(), to == null ? null : to.erase(),
                    step == null ? null : step.erase(), Pos.NONE);
        }
    }

    /** {@code f(args)} or {@code module.f(args)}. */
    record Call(List<Name> callee, List<Argument> args) implements Expr {
        public Call {
            callee = List.copyOf(callee);
            args = List.copyOf(args);
        }

        @Override
        public Pos pos() {
            return callee.get(0).pos();
        }

        /** The function's own name, the callee's last part. */
        public Name function() {
            return callee.get(callee.size() - 1);
        }

        public String dotted() {
            return String.join(".", map(callee, Name::text));
        }

        @Override
        public Call erase() {
            return new Call(map(callee, Name::erase), map(args, Argument::erase));
        }
    }

    /** A call argument, positional ({@code name} null) or named. */
    record Argument(Name name, Expr value) implements ZkAst {
        public Pos start() {
            return name != null ? name.pos() : value.start();
        }

        Argument erase() {
            return new Argument(name == null ? null : name.erase(), value.erase());
        }
    }

    /** A reference to a bound name. */
    record Var(Name name) implements Expr {
        @Override
        public Pos pos() {
            return name.pos();
        }

        @Override
        public Var erase() {
            return new Var(name.erase());
        }
    }

    /** An integer literal, as its digits (checked for range when evaluated). */
    record IntLit(String digits, Pos pos) implements Expr {
        @Override
        public IntLit erase() {
            return new IntLit(digits, Pos.NONE);
        }
    }

    /** A number literal as written ({@code 0.5}, {@code 1e-5}): the text is the canonical form. */
    record FloatLit(String text, Pos pos) implements Expr {
        @Override
        public FloatLit erase() {
            return new FloatLit(text, Pos.NONE);
        }
    }

    record BoolLit(boolean value, Pos pos) implements Expr {
        @Override
        public BoolLit erase() {
            return new BoolLit(value, Pos.NONE);
        }
    }

    /** {@code [a, b, c]}; {@code pos} is the opening bracket. */
    record ListLit(List<Expr> items, Pos pos) implements Expr {
        public ListLit {
            items = List.copyOf(items);
        }

        @Override
        public ListLit erase() {
            return new ListLit(map(items, Expr::erase), Pos.NONE);
        }
    }

    private static <A, B> List<B> map(List<A> in, Function<? super A, ? extends B> f) {
        return in.stream().<B>map(f).toList();
    }
}
