package dev.zkmlc.frontend.dsl;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.Visibility;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns the one model of the main module into a graph, declaration by declaration. */
final class ModelCompiler {
    private final Module main;
    private final GraphDraft draft = new GraphDraft();
    private final Evaluator evaluator;
    private Visibility parameterVisibility;
    private Loc parameterVisibilityLoc;

    ModelCompiler(Module main, ModuleLoader loader) {
        this.main = main;
        this.evaluator = new Evaluator(draft, loader);
    }

    Graph compile() {
        ZkAst.ModelDecl model = findModel();
        Evaluator.Scope scope = new Evaluator.Scope(main, null);
        for (ZkAst.ModelItem item : model.items()) {
            if (item instanceof ZkAst.InputDecl in) {
                input(in, scope);
            } else if (item instanceof ZkAst.ParamDecl p) {
                param(p, scope);
            } else if (item instanceof ZkAst.Let let) {
                Value v = evaluator.bindLet(let, scope);
                if (v instanceof Value.TensorValue t) {
                    draft.label(t, let.name().text());
                }
            } else {
                output((ZkAst.OutputDecl) item, scope);
            }
        }
        String name = model.name().text();
        if (!draft.hasOutputs()) {
            throw DslException.at(loc(model.name().pos()), "model '" + name
                    + "' has no output; add one, as in 'output y public'");
        }
        try {
            return draft.build(name, parameterVisibility == null ? Visibility.PRIVATE : parameterVisibility);
        } catch (IrException e) {
            throw DslException.at(loc(model.name().pos()), "internal error: the graph of this model is ill-formed: " + e.getMessage());
        }
    }

    private ZkAst.ModelDecl findModel() {
        ZkAst.ModelDecl found = null;
        for (ZkAst.TopDecl top : main.tree().decls()) {
            if (top instanceof ZkAst.ModelDecl m) {
                if (found != null) {
                    throw DslException.at(loc(m.name().pos()), "a file holds one model; '" + found.name().text()
                            + "' is already defined at line " + found.name().pos().line());
                }
                found = m;
            }
        }
        if (found == null) {
            throw DslException.at(new Loc(main.source(), 1, 1),
                    "no model in this file; a model is declared as 'model name { ... }'");
        }
        return found;
    }

    private void input(ZkAst.InputDecl d, Evaluator.Scope scope) {
        String name = declare(d.name(), scope);
        Visibility v = runtimeVisibility(d.visibility(), Visibility.PRIVATE, "an input");
        Value.TensorValue t = draft.input(name, shape(d.shape()), v);
        scope.names.put(name, new Evaluator.Binding(t, loc(d.name().pos())));
    }

    private void param(ZkAst.ParamDecl d, Evaluator.Scope scope) {
        String name = declare(d.name(), scope);
        Tensor tensor;
        if (d.source() instanceof ZkAst.FromFile file) {
            tensor = load(file);
        } else {
            ZkAst.Expr value = ((ZkAst.Inline) d.source()).value();
            tensor = evaluator.constantTensor(evaluator.eval(value, scope), loc(value.start()));
            if (d.shape() != null) {
                Shape want = shape(d.shape());
                if (tensor.shape().rank() == 0) {
                    // One number fills the whole declared shape.
                    double[] filled = new double[want.size()];
                    Arrays.fill(filled, tensor.get(0));
                    tensor = new Tensor(want, filled);
                } else if (tensor.shape().rank() == 1 && want.rank() != 1 && want.size() == tensor.size()) {
                    // A flat list fills a declared shape in row-major order.
                    tensor = tensor.reshape(want);
                }
            }
        }
        if (d.shape() != null) {
            Shape want = shape(d.shape());
            if (!want.equals(tensor.shape())) {
                String source = d.source() instanceof ZkAst.FromFile file ? file.quoted() + " holds" : "its value is";
                throw DslException.at(loc(d.shape().pos()), "param '" + name + "' is declared " + want
                        + " but " + source + " " + tensor.shape());
            }
        }
        ZkAst.Vis vis = d.visibility();
        if (vis != null) {
            Visibility v = vis.value();
            if (parameterVisibility != null && parameterVisibility != v) {
                throw DslException.at(loc(vis.pos()), "all parameters of a model share one visibility; "
                        + "this one is " + v.keyword() + " but line " + parameterVisibilityLoc.line() + " says "
                        + parameterVisibility.keyword());
            }
            parameterVisibility = v;
            parameterVisibilityLoc = loc(vis.pos());
        }
        Value.TensorValue t = draft.param(name, tensor);
        scope.names.put(name, new Evaluator.Binding(t, loc(d.name().pos())));
    }

    private Tensor load(ZkAst.FromFile f) {
        String quoted = f.quoted();
        String relative = f.path();
        Loc at = loc(f.pos());
        if (main.directory() == null) {
            throw DslException.at(at, "weight files need a model file on disk");
        }
        Path path;
        try {
            path = main.directory().resolve(relative);
        } catch (java.nio.file.InvalidPathException e) {
            throw DslException.at(at, "weight file " + quoted + " is not a valid path: " + e.getReason());
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw DslException.at(at, "weight file " + quoted + " not found (looked for " + path + ")");
        } catch (IOException e) {
            throw DslException.at(at, "cannot read weight file " + quoted + ": " + e.getMessage());
        }
        try {
            return NpyReader.read(bytes);
        } catch (NpyReader.NpyFormatException e) {
            throw DslException.at(at, "weight file " + quoted + ": " + e.getMessage());
        }
    }

    private void output(ZkAst.OutputDecl d, Evaluator.Scope scope) {
        String name = d.name().text();
        Loc at = loc(d.name().pos());
        Value v;
        if (d.value() != null) {
            declare(d.name(), scope);
            v = evaluator.eval(d.value(), scope);
            scope.names.put(name, new Evaluator.Binding(v, at));
        } else {
            Evaluator.Binding b = scope.lookup(name);
            if (b == null) {
                throw DslException.at(at, "unknown name '" + name + "'" + Suggestions.hint(name, scope.names.keySet()));
            }
            v = b.value();
        }
        if (!(v instanceof Value.TensorValue t)) {
            throw DslException.at(at, "an output must be a tensor, '" + name + "' is " + v.describe());
        }
        String previous = draft.outputName(t);
        if (previous != null) {
            throw DslException.at(at, "'" + name + "' is the same value as the output '" + previous
                    + "'; a value is output once");
        }
        draft.labelOutput(t, name);
        draft.output(t, runtimeVisibility(d.visibility(), Visibility.PUBLIC, "an output"));
    }

    /** Claims a model-level name, refusing one that is taken. */
    private String declare(ZkAst.Name token, Evaluator.Scope scope) {
        String name = token.text();
        Evaluator.Binding previous = scope.lookup(name);
        if (previous != null) {
            throw DslException.at(loc(token.pos()), "'" + name + "' is already defined at line " + previous.loc().line()
                    + " (names cannot be rebound; choose another name)");
        }
        return name;
    }

    private Shape shape(ZkAst.Shape s) {
        List<Integer> dims = new ArrayList<>();
        for (ZkAst.Extent n : s.extents()) {
            int d;
            try {
                d = Integer.parseInt(n.digits());
            } catch (NumberFormatException e) {
                throw DslException.at(loc(n.pos()), "extent " + n.digits() + " is too large");
            }
            if (d == 0) {
                throw DslException.at(loc(n.pos()), "extents must be positive");
            }
            dims.add(d);
        }
        Shape shape = Shape.of(dims);
        try {
            shape.size();
        } catch (IllegalArgumentException e) {
            throw DslException.at(loc(s.pos()), "shape " + shape + " has too many elements");
        }
        return shape;
    }

    /** Inputs and outputs are only known when proving, so they cannot sit in fixed columns of the key. */
    private Visibility runtimeVisibility(ZkAst.Vis v, Visibility fallback, String what) {
        if (v == null) {
            return fallback;
        }
        if (v.value() == Visibility.FIXED) {
            throw DslException.at(loc(v.pos()), what + " cannot be fixed: 'fixed' is for weights, which are"
                    + " known at compile time; use public, private or hashed");
        }
        return v.value();
    }

    private Loc loc(ZkAst.Pos pos) {
        return Loc.of(main.source(), pos);
    }
}
