package dev.zkmlc.frontend.dsl;

import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.SourceLocation;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.op.Add;
import dev.zkmlc.ir.op.Div;
import dev.zkmlc.ir.op.MatMul;
import dev.zkmlc.ir.op.Mul;
import dev.zkmlc.ir.op.Neg;
import dev.zkmlc.ir.op.Op;
import dev.zkmlc.ir.op.Slice;
import dev.zkmlc.ir.op.Squeeze;
import dev.zkmlc.ir.op.Sub;
import dev.zkmlc.stdlib.StandardLibrary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates expressions into graph nodes and compile-time values. Functions written in the language
 * are inlined: each call evaluates the body in a fresh scope holding its arguments. Errors inside the
 * standard library are reported at the user's call site, naming the library position too.
 */
final class Evaluator {
    /** A name bound in a scope and where it was bound. */
    record Binding(Value value, Loc loc) {}

    /** The names an expression can see: a function's parameters and lets, or the model's declarations. */
    static final class Scope {
        final Module module;
        final Map<String, Binding> names = new LinkedHashMap<>();
        /** The model's names, seen only to explain that a function cannot see them. */
        final Scope model;

        Scope(Module module, Scope model) {
            this.module = module;
            this.model = model;
        }

        Binding lookup(String name) {
            return names.get(name);
        }
    }

    private record Frame(Module.Function function, Loc callSite) {}

    private static final int MAX_INLINE_DEPTH = 100;

    private final GraphDraft draft;
    private final ModuleLoader loader;
    private final Deque<Frame> frames = new ArrayDeque<>();

    Evaluator(GraphDraft draft, ModuleLoader loader) {
        this.draft = draft;
        this.loader = loader;
    }

    // ---------------------------------------------------------------- errors and locations

    /** An error at {@code where}, moved to the user's call site when {@code where} is in the standard library. */
    DslException error(Loc where, String message) {
        if (!where.file().library()) {
            return DslException.at(where, message);
        }
        Frame outer = userFrame();
        if (outer == null) {
            return DslException.at(where, message);
        }
        return DslException.at(outer.callSite(), message + " (in " + outer.function().qualifiedName() + ", at " + where + ")");
    }

    /** The node location for an expression at {@code where}: the user's call site for library code. */
    SourceLocation location(Loc where) {
        if (where.file().library()) {
            Frame outer = userFrame();
            if (outer != null) {
                Loc c = outer.callSite();
                return new SourceLocation(c.file().displayName(), c.line(), c.column(),
                        "in " + outer.function().qualifiedName() + " (" + where + ")");
            }
        }
        return SourceLocation.of(where.file().displayName(), where.line(), where.column());
    }

    /** The innermost call made from user code, if evaluation is inside a library function. */
    private Frame userFrame() {
        Iterator<Frame> it = frames.descendingIterator();
        while (it.hasNext()) {
            Frame f = it.next();
            if (!f.callSite().file().library()) {
                return f;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- graph construction

    Value.TensorValue node(Op op, List<Value.TensorValue> operands, String what, Loc where) {
        try {
            return draft.node(op, operands, op.opName(), location(where));
        } catch (IrException | IllegalArgumentException e) {
            String message = e.getMessage();
            String prefix = op.opName() + ": ";
            if (message.startsWith(prefix)) {
                message = message.substring(prefix.length());
            }
            throw error(where, what + ": " + message);
        }
    }

    /** A tensor for an operand: tensors as they are, numbers and lists of numbers as constants. */
    Value.TensorValue asTensor(Value v, Loc where) {
        if (v instanceof Value.TensorValue t) {
            return t;
        }
        if (v instanceof Value.NumberValue || v instanceof Value.ListValue) {
            return draft.constant(constantTensor(v, where));
        }
        throw error(where, "expected a tensor, got " + v.describe());
    }

    /** A nested list of numbers in row-major order, checking that it is rectangular. */
    Tensor constantTensor(Value v, Loc where) {
        List<Integer> dims = new ArrayList<>();
        List<Double> data = new ArrayList<>();
        if (v instanceof Value.NumberValue n) {
            return Tensor.scalar(n.value());
        }
        if (!(v instanceof Value.ListValue list)) {
            throw error(where, "expected numbers or a (nested) list of numbers, got " + v.describe());
        }
        flatten(list, 0, dims, data, where);
        double[] values = new double[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = data.get(i);
        }
        return new Tensor(Shape.of(dims), values);
    }

    private void flatten(Value.ListValue list, int depth, List<Integer> dims, List<Double> data, Loc where) {
        if (dims.size() == depth) {
            dims.add(list.items().size());
        } else if (dims.get(depth) != list.items().size()) {
            throw error(where, "a constant tensor needs a rectangular list: found rows of " + dims.get(depth)
                    + " and " + list.items().size() + " items");
        }
        for (Value item : list.items()) {
            if (item instanceof Value.NumberValue n) {
                if (dims.size() != depth + 1) {
                    throw error(where, "a constant tensor needs a rectangular list: found a number where a list was expected");
                }
                data.add(n.value());
            } else if (item instanceof Value.ListValue inner) {
                if (dims.size() == depth + 1 && !data.isEmpty()) {
                    throw error(where, "a constant tensor needs a rectangular list: found a list where a number was expected");
                }
                flatten(inner, depth + 1, dims, data, where);
            } else {
                throw error(where, "a constant tensor holds numbers only, found " + item.describe()
                        + (item instanceof Value.TensorValue ? " (join tensors with concat)" : ""));
            }
        }
    }

    // ---------------------------------------------------------------- expressions

    Value eval(ZkAst.Expr e, Scope scope) {
        SourceFile file = scope.module.source();
        if (e instanceof ZkAst.Binary b) {
            return binary(b.op(), eval(b.left(), scope), eval(b.right(), scope), Loc.of(file, b.pos()));
        }
        if (e instanceof ZkAst.Negate n) {
            Value v = eval(n.operand(), scope);
            Loc loc = Loc.of(file, n.pos());
            if (v instanceof Value.NumberValue num) {
                return new Value.NumberValue(-num.value(), num.integral());
            }
            if (v instanceof Value.TensorValue t) {
                return node(new Neg(), List.of(t), "'-'", loc);
            }
            throw error(loc, "cannot negate " + v.describe());
        }
        if (e instanceof ZkAst.Index ix) {
            return index(ix, scope);
        }
        if (e instanceof ZkAst.Call c) {
            return call(c, scope);
        }
        if (e instanceof ZkAst.Var v) {
            return variable(v.name(), scope);
        }
        if (e instanceof ZkAst.IntLit i) {
            try {
                long v = Long.parseLong(i.digits());
                if (v > (1L << 53)) {
                    throw new NumberFormatException();
                }
                return Value.NumberValue.ofInt(v);
            } catch (NumberFormatException ex) {
                throw error(Loc.of(file, i.pos()), "integer " + i.digits() + " is too large");
            }
        }
        if (e instanceof ZkAst.FloatLit f) {
            double v = Double.parseDouble(f.text());
            if (!Double.isFinite(v)) {
                throw error(Loc.of(file, f.pos()), "number " + f.text() + " is too large");
            }
            return Value.NumberValue.ofDouble(v);
        }
        if (e instanceof ZkAst.BoolLit b) {
            return new Value.BoolValue(b.value());
        }
        List<Value> items = new ArrayList<>();
        for (ZkAst.Expr item : ((ZkAst.ListLit) e).items()) {
            items.add(eval(item, scope));
        }
        return new Value.ListValue(items);
    }

    private Value variable(ZkAst.Name name, Scope scope) {
        String n = name.text();
        Binding b = scope.lookup(n);
        if (b != null) {
            return b.value();
        }
        Loc loc = Loc.of(scope.module.source(), name.pos());
        if (callable(n, scope) != null || Builtins.isBuiltin(n)) {
            throw error(loc, "'" + n + "' is a function; call it with arguments, as in " + n + "(x)");
        }
        if (scope.model != null && scope.model.lookup(n) != null) {
            throw error(loc, "unknown name '" + n + "': a function sees only its parameters and its own lets"
                    + " (pass '" + n + "' as an argument)");
        }
        throw error(loc, "unknown name '" + n + "'" + Suggestions.hint(n, scope.names.keySet()));
    }

    private Value binary(ZkAst.BinaryOp op, Value a, Value b, Loc loc) {
        String sym = op.symbol();
        if (a instanceof Value.NumberValue x && b instanceof Value.NumberValue y) {
            return arithmetic(sym, x, y, loc);
        }
        for (Value v : List.of(a, b)) {
            if (v instanceof Value.BoolValue) {
                throw error(loc, "'" + sym + "' cannot take " + v.describe());
            }
        }
        if (op == ZkAst.BinaryOp.FLOOR_DIV) {
            throw error(loc, "'//' divides compile-time integers; divide tensors with '/'");
        }
        if (op == ZkAst.BinaryOp.MATMUL && (a instanceof Value.NumberValue || b instanceof Value.NumberValue)) {
            throw error(loc, "'@' multiplies matrices; use '*' to scale by a number");
        }
        Value.TensorValue ta = asTensor(a, loc);
        Value.TensorValue tb = asTensor(b, loc);
        Op irOp;
        switch (op) {
            case ADD:
                irOp = new Add();
                break;
            case SUB:
                irOp = new Sub();
                break;
            case MUL:
                irOp = new Mul();
                break;
            case DIV:
                irOp = new Div();
                break;
            default:
                irOp = new MatMul();
                break;
        }
        return node(irOp, List.of(ta, tb), "'" + sym + "'", loc);
    }

    private Value arithmetic(String sym, Value.NumberValue x, Value.NumberValue y, Loc loc) {
        boolean ints = x.integral() && y.integral();
        switch (sym) {
            case "+":
                return new Value.NumberValue(x.value() + y.value(), ints);
            case "-":
                return new Value.NumberValue(x.value() - y.value(), ints);
            case "*":
                return new Value.NumberValue(x.value() * y.value(), ints);
            case "/":
                if (y.value() == 0) {
                    throw error(loc, "division by zero");
                }
                return Value.NumberValue.ofDouble(x.value() / y.value());
            case "//":
                if (y.value() == 0) {
                    throw error(loc, "division by zero");
                }
                return new Value.NumberValue(Math.floor(x.value() / y.value()), ints);
            default:
                throw error(loc, "'@' multiplies matrices, not numbers; use '*'");
        }
    }

    private Value index(ZkAst.Index ix, Scope scope) {
        SourceFile file = scope.module.source();
        Value base = eval(ix.base(), scope);
        Loc loc = Loc.of(file, ix.pos());
        List<ZkAst.IndexItem> items = ix.items();
        if (base instanceof Value.ListValue list) {
            if (items.size() != 1 || !(items.get(0) instanceof ZkAst.Point point)) {
                throw error(loc, "a list takes one integer index");
            }
            int n = list.items().size();
            long i = integerOf(eval(point.value(), scope), Loc.of(file, point.start()), "a list index");
            long norm = i < 0 ? i + n : i;
            if (norm < 0 || norm >= n) {
                throw error(loc, "index " + i + " is out of range for a list of " + n + " items");
            }
            return list.items().get((int) norm);
        }
        if (!(base instanceof Value.TensorValue t)) {
            throw error(loc, "cannot index " + base.describe());
        }
        Shape shape = t.shape();
        if (items.size() > shape.rank()) {
            throw error(loc, "too many indices (" + items.size() + ") for a tensor " + shape);
        }
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        List<Integer> axes = new ArrayList<>();
        List<Integer> steps = new ArrayList<>();
        List<Integer> squeezed = new ArrayList<>();
        for (int axis = 0; axis < items.size(); axis++) {
            ZkAst.IndexItem idx = items.get(axis);
            int extent = shape.dim(axis);
            Loc at = Loc.of(file, idx.start());
            if (idx instanceof ZkAst.Point point) {
                long i = integerOf(eval(point.value(), scope), at, "an index");
                long norm = i < 0 ? i + extent : i;
                if (norm < 0 || norm >= extent) {
                    throw error(at, "index " + i + " is out of range for axis " + axis + " of a tensor " + shape);
                }
                starts.add((int) norm);
                ends.add((int) norm + 1);
                axes.add(axis);
                steps.add(1);
                squeezed.add(axis);
            } else {
                ZkAst.Range r = (ZkAst.Range) idx;
                int step = 1;
                if (r.step() != null) {
                    Loc stepLoc = Loc.of(file, r.step().start());
                    long s = integerOf(eval(r.step(), scope), stepLoc, "a slice step");
                    if (s == 0 || Math.abs(s) > Integer.MAX_VALUE) {
                        throw error(stepLoc, "a slice step must be a non-zero integer");
                    }
                    step = (int) s;
                }
                Long start = r.from() == null ? null : integerOf(eval(r.from(), scope), at, "a slice bound");
                Long end = r.to() == null ? null : integerOf(eval(r.to(), scope), at, "a slice bound");
                int[] range = SliceRange.resolve(start, end, step, extent);
                if (!(range[0] == 0 && range[1] == extent && step == 1)) {
                    starts.add(range[0]);
                    ends.add(range[1]);
                    axes.add(axis);
                    steps.add(step);
                }
            }
        }
        Value.TensorValue out = t;
        if (!axes.isEmpty()) {
            out = node(new Slice(starts, ends, axes, steps), List.of(out), "indexing", loc);
        }
        if (!squeezed.isEmpty()) {
            out = node(new Squeeze(squeezed), List.of(out), "indexing", loc);
        }
        return out;
    }

    long integerOf(Value v, Loc loc, String what) {
        if (v instanceof Value.NumberValue n && n.integral()) {
            return (long) n.value();
        }
        throw error(loc, what + " must be an integer, got " + v.describe());
    }

    // ---------------------------------------------------------------- calls

    /** The function {@code name} resolves to in a module: its own, then imported ones; null if none. */
    private Module.Function callable(String name, Scope scope) {
        Module.Function local = scope.module.functions().get(name);
        if (local != null) {
            return local;
        }
        Module.Function found = null;
        for (Module m : scope.module.imports()) {
            Module.Function f = m.functions().get(name);
            if (f != null) {
                if (found != null && found != f) {
                    return null;
                }
                found = f;
            }
        }
        return found;
    }

    private Value call(ZkAst.Call c, Scope scope) {
        SourceFile file = scope.module.source();
        String name = c.function().text();
        Loc loc = Loc.of(file, c.pos());
        Module.Function fn;
        Builtins.Builtin builtin;
        if (c.callee().size() > 1) {
            fn = qualified(c, scope);
            builtin = null;
        } else {
            fn = callable(name, scope);
            builtin = fn == null ? Builtins.get(name) : null;
            if (fn == null && builtin == null) {
                throw unknownFunction(name, loc, scope);
            }
        }
        List<String> paramNames = fn != null ? fn.parameters() : builtin.paramNames();
        String shown = fn != null ? fn.name() : name;
        List<Arg> positional = new ArrayList<>();
        Map<String, Arg> named = new LinkedHashMap<>();
        for (ZkAst.Argument a : c.args()) {
            Loc at = Loc.of(file, a.start());
            if (a.name() == null) {
                if (!named.isEmpty()) {
                    throw error(at, "positional argument after named arguments in call to " + shown + "()");
                }
                positional.add(new Arg(eval(a.value(), scope), at));
            } else {
                String key = a.name().text();
                if (!paramNames.contains(key)) {
                    throw error(at, shown + "() has no parameter '" + key + "'" + Suggestions.hint(key, paramNames)
                            + "; its parameters are " + describeParams(paramNames));
                }
                if (named.containsKey(key) || paramNames.indexOf(key) < positional.size()) {
                    throw error(at, "argument '" + key + "' of " + shown + "() is given twice");
                }
                named.put(key, new Arg(eval(a.value(), scope), at));
            }
        }
        if (positional.size() > paramNames.size()) {
            throw error(positional.get(paramNames.size()).loc(), shown + "() takes " + count(paramNames.size())
                    + ", got " + positional.size() + " positional");
        }
        Map<String, Arg> bound = new LinkedHashMap<>();
        for (int i = 0; i < positional.size(); i++) {
            bound.put(paramNames.get(i), positional.get(i));
        }
        bound.putAll(named);
        if (fn != null) {
            return inline(fn, bound, loc, scope);
        }
        for (Builtins.Param p : builtin.params()) {
            if (!bound.containsKey(p.name())) {
                if (p.required()) {
                    throw error(loc, name + "() is missing argument '" + p.name() + "'; its parameters are "
                            + describeParams(paramNames));
                }
                if (p.defaultValue() != null) {
                    bound.put(p.name(), new Arg(p.defaultValue(), loc));
                }
            }
        }
        return builtin.impl().apply(new Args(name, loc, bound, this));
    }

    /** The function a call such as {@code nn.dense(...)} names. */
    private Module.Function qualified(ZkAst.Call c, Scope scope) {
        String dotted = c.dotted();
        String qualifier = dotted.substring(0, dotted.lastIndexOf('.'));
        String name = c.function().text();
        Module m = scope.module.qualifiers().get(qualifier);
        if (m == null) {
            throw error(Loc.of(scope.module.source(), c.pos()), "unknown module '" + qualifier + "'"
                    + Suggestions.hint(qualifier, scope.module.qualifiers().keySet()));
        }
        Module.Function f = m.functions().get(name);
        if (f == null) {
            throw error(Loc.of(scope.module.source(), c.function().pos()),
                    m.name() + " has no function '" + name + "'" + Suggestions.hint(name, m.functions().keySet()));
        }
        return f;
    }

    private Value inline(Module.Function fn, Map<String, Arg> bound, Loc callSite, Scope caller) {
        for (Frame f : frames) {
            if (f.function() == fn) {
                throw error(callSite, "recursive call to " + fn.name()
                        + "(): functions are inlined at compile time, so they cannot call themselves");
            }
        }
        if (frames.size() >= MAX_INLINE_DEPTH) {
            throw error(callSite, "functions nested more than " + MAX_INLINE_DEPTH + " calls deep");
        }
        frames.addLast(new Frame(fn, callSite));
        try {
            Scope scope = new Scope(fn.module(), caller.model != null ? caller.model : caller);
            SourceFile file = fn.module().source();
            for (ZkAst.FnParam p : fn.decl().params()) {
                String pName = p.name().text();
                Arg a = bound.get(pName);
                if (a != null) {
                    scope.names.put(pName, new Binding(a.value(), a.loc()));
                } else if (p.defaultValue() != null) {
                    scope.names.put(pName, new Binding(eval(p.defaultValue(), scope), Loc.of(file, p.defaultValue().start())));
                } else {
                    throw error(callSite, fn.name() + "() is missing argument '" + pName + "'; its parameters are "
                            + describeParams(fn.parameters()));
                }
            }
            ZkAst.Body body = fn.decl().body();
            if (body instanceof ZkAst.ExprBody e) {
                return eval(e.value(), scope);
            }
            ZkAst.BlockBody block = (ZkAst.BlockBody) body;
            for (ZkAst.Let let : block.lets()) {
                bindLet(let, scope);
            }
            return eval(block.result(), scope);
        } finally {
            frames.removeLast();
        }
    }

    /** Evaluates {@code let name = expr} into the scope; rebinding a name is an error. */
    Value bindLet(ZkAst.Let let, Scope scope) {
        String name = let.name().text();
        Loc loc = Loc.of(scope.module.source(), let.name().pos());
        Binding previous = scope.lookup(name);
        if (previous != null) {
            throw error(loc, "'" + name + "' is already defined at line " + previous.loc().line()
                    + " (names cannot be rebound; choose another name)");
        }
        Value v = eval(let.value(), scope);
        scope.names.put(name, new Binding(v, loc));
        return v;
    }

    private DslException unknownFunction(String name, Loc loc, Scope scope) {
        List<String> owners = new ArrayList<>();
        for (Module m : scope.module.imports()) {
            if (m.functions().containsKey(name)) {
                owners.add(m.name());
            }
        }
        if (owners.size() > 1) {
            return error(loc, "'" + name + "' is ambiguous: it is defined in both " + owners.get(0) + " and "
                    + owners.get(1) + "; define your own '" + name + "' to choose");
        }
        Binding b = scope.lookup(name);
        if (b != null) {
            return error(loc, "'" + name + "' is " + b.value().describe() + ", not a function");
        }
        Set<String> imported = new LinkedHashSet<>();
        for (Module m : scope.module.imports()) {
            imported.add(m.name());
        }
        for (String std : StandardLibrary.MODULES) {
            String moduleName = "std." + std;
            if (!imported.contains(moduleName) && loader.standardModule(moduleName).functions().containsKey(name)) {
                return error(loc, "unknown function '" + name + "': it is defined in " + moduleName
                        + " (add 'import " + moduleName + "' at the top of the file)");
            }
        }
        Set<String> candidates = new TreeSet<>(Builtins.names());
        candidates.addAll(scope.module.functions().keySet());
        for (Module m : scope.module.imports()) {
            candidates.addAll(m.functions().keySet());
        }
        return error(loc, "unknown function '" + name + "'" + Suggestions.hint(name, candidates));
    }

    private static String count(int n) {
        return n == 1 ? "1 argument" : n + " arguments";
    }

    private static String describeParams(List<String> params) {
        return params.isEmpty() ? "none" : "(" + String.join(", ", params) + ")";
    }
}
