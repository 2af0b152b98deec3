package dev.zkmlc.frontend.dsl;

import dev.zkmlc.grammar.ZkParser;
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
import java.util.Locale;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

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
        ZkParser.ModelDeclContext model = findModel();
        Evaluator.Scope scope = new Evaluator.Scope(main, null);
        for (ZkParser.ModelItemContext item : model.modelItem()) {
            if (item.inputDecl() != null) {
                input(item.inputDecl(), scope);
            } else if (item.paramDecl() != null) {
                param(item.paramDecl(), scope);
            } else if (item.letStmt() != null) {
                Value v = evaluator.bindLet(item.letStmt(), scope);
                if (v instanceof Value.TensorValue t) {
                    draft.label(t, item.letStmt().name.getText());
                }
            } else {
                output(item.outputDecl(), scope);
            }
        }
        if (!draft.hasOutputs()) {
            throw DslException.at(loc(model.name), "model '" + model.name.getText()
                    + "' has no output; add one, as in 'output y public'");
        }
        try {
            return draft.build(model.name.getText(),
                    parameterVisibility == null ? Visibility.PRIVATE : parameterVisibility);
        } catch (IrException e) {
            throw DslException.at(loc(model.name), "internal error: the graph of this model is ill-formed: " + e.getMessage());
        }
    }

    private ZkParser.ModelDeclContext findModel() {
        ZkParser.ModelDeclContext found = null;
        for (ZkParser.TopDeclContext top : main.tree().topDecl()) {
            ZkParser.ModelDeclContext m = top.modelDecl();
            if (m != null) {
                if (found != null) {
                    throw DslException.at(loc(m.name), "a file holds one model; '" + found.name.getText()
                            + "' is already defined at line " + found.name.getLine());
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

    private void input(ZkParser.InputDeclContext d, Evaluator.Scope scope) {
        String name = declare(d.name, scope);
        Visibility v = runtimeVisibility(d.visibility(), Visibility.PRIVATE, "an input");
        Value.TensorValue t = draft.input(name, shape(d.shape()), v);
        scope.names.put(name, new Evaluator.Binding(t, loc(d.name)));
    }

    private void param(ZkParser.ParamDeclContext d, Evaluator.Scope scope) {
        boolean fromFile = d instanceof ZkParser.ParamFromFileContext;
        ZkParser.ParamFromFileContext file = fromFile ? (ZkParser.ParamFromFileContext) d : null;
        ZkParser.ParamInlineContext inline = fromFile ? null : (ZkParser.ParamInlineContext) d;
        Token nameToken = fromFile ? file.name : inline.name;
        ZkParser.ShapeContext declaredShape = fromFile ? file.shape() : inline.shape();
        ZkParser.VisibilityContext vis = fromFile ? file.visibility() : inline.visibility();
        String name = declare(nameToken, scope);
        Tensor tensor;
        if (fromFile) {
            tensor = load(file);
        } else {
            tensor = evaluator.constantTensor(evaluator.eval(inline.value, scope), Loc.of(main.source(), inline.value));
            if (declaredShape != null) {
                Shape want = shape(declaredShape);
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
        if (declaredShape != null) {
            Shape want = shape(declaredShape);
            if (!want.equals(tensor.shape())) {
                String source = fromFile ? file.file.getText() + " holds" : "its value is";
                throw DslException.at(loc(declaredShape.getStart()), "param '" + name + "' is declared " + want
                        + " but " + source + " " + tensor.shape());
            }
        }
        if (vis != null) {
            Visibility v = visibility(vis, Visibility.PRIVATE);
            if (parameterVisibility != null && parameterVisibility != v) {
                throw DslException.at(Loc.of(main.source(), vis), "all parameters of a model share one visibility; "
                        + "this one is " + v.keyword() + " but line " + parameterVisibilityLoc.line() + " says "
                        + parameterVisibility.keyword());
            }
            parameterVisibility = v;
            parameterVisibilityLoc = Loc.of(main.source(), vis);
        }
        Value.TensorValue t = draft.param(name, tensor);
        scope.names.put(name, new Evaluator.Binding(t, loc(nameToken)));
    }

    private Tensor load(ZkParser.ParamFromFileContext f) {
        String quoted = f.file.getText();
        String relative = quoted.substring(1, quoted.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        Loc at = loc(f.file);
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

    private void output(ZkParser.OutputDeclContext d, Evaluator.Scope scope) {
        String name = d.name.getText();
        Loc at = loc(d.name);
        Value v;
        if (d.expr() != null) {
            declare(d.name, scope);
            v = evaluator.eval(d.expr(), scope);
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
    private String declare(Token token, Evaluator.Scope scope) {
        String name = token.getText();
        Evaluator.Binding previous = scope.lookup(name);
        if (previous != null) {
            throw DslException.at(loc(token), "'" + name + "' is already defined at line " + previous.loc().line()
                    + " (names cannot be rebound; choose another name)");
        }
        return name;
    }

    private Shape shape(ZkParser.ShapeContext s) {
        List<Integer> dims = new ArrayList<>();
        for (TerminalNode n : s.INT()) {
            int d;
            try {
                d = Integer.parseInt(n.getText());
            } catch (NumberFormatException e) {
                throw DslException.at(loc(n.getSymbol()), "extent " + n.getText() + " is too large");
            }
            if (d == 0) {
                throw DslException.at(loc(n.getSymbol()), "extents must be positive");
            }
            dims.add(d);
        }
        Shape shape = Shape.of(dims);
        try {
            shape.size();
        } catch (IllegalArgumentException e) {
            throw DslException.at(loc(s.getStart()), "shape " + shape + " has too many elements");
        }
        return shape;
    }

    /** Inputs and outputs are only known when proving, so they cannot sit in fixed columns of the key. */
    private Visibility runtimeVisibility(ZkParser.VisibilityContext v, Visibility fallback, String what) {
        Visibility visibility = visibility(v, fallback);
        if (visibility == Visibility.FIXED) {
            throw DslException.at(Loc.of(main.source(), v), what + " cannot be fixed: 'fixed' is for weights, which are"
                    + " known at compile time; use public, private or hashed");
        }
        return visibility;
    }

    private static Visibility visibility(ZkParser.VisibilityContext v, Visibility fallback) {
        if (v == null) {
            return fallback;
        }
        return Visibility.valueOf(v.getText().toUpperCase(Locale.ROOT));
    }

    private Loc loc(Token token) {
        return Loc.of(main.source(), token);
    }
}
