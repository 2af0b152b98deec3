package dev.zkmlc.frontend.dsl;

import dev.zkmlc.ir.Graph;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code .zk} front end: source text to a verified graph. Every node carries the location of
 * the expression it came from; every mistake in the program is a {@link DslException} with a
 * located, printable message.
 */
public final class ZkFrontend {
    private ZkFrontend() {}

    /**
     * Compiles the model in {@code file}. Weight files and user modules are found relative to the
     * file's directory; locations name the file as {@code file} spells it.
     */
    public static Graph compile(Path file) {
        String text = read(file);
        // Relative as the user gave it, so that messages name paths the way the user wrote them.
        Path dir = file.getParent() != null ? file.getParent() : Path.of("");
        return compileSource(file.toString(), text, dir);
    }

    /**
     * The visibilities the model in {@code file} writes out, in source order (defaults are not
     * listed), so that a tool overriding them can say which declaration it overrides.
     */
    public static List<DeclaredVisibility> declaredVisibilities(Path file) {
        SourceFile source = new SourceFile(file.toString(), read(file), false);
        List<DeclaredVisibility> out = new ArrayList<>();
        boolean parameters = false;
        for (ZkAst.TopDecl top : ZkParsing.parseProgram(source).decls()) {
            if (!(top instanceof ZkAst.ModelDecl model)) {
                continue;
            }
            for (ZkAst.ModelItem item : model.items()) {
                if (item instanceof ZkAst.InputDecl in && in.visibility() != null) {
                    out.add(declared(DeclaredVisibility.Role.INPUT, in.name(), in.visibility(), source));
                } else if (item instanceof ZkAst.ParamDecl p && p.visibility() != null && !parameters) {
                    out.add(declared(DeclaredVisibility.Role.PARAMETERS, p.name(), p.visibility(), source));
                    parameters = true;
                } else if (item instanceof ZkAst.OutputDecl o && o.visibility() != null) {
                    out.add(declared(DeclaredVisibility.Role.OUTPUT, o.name(), o.visibility(), source));
                }
            }
        }
        return out;
    }

    private static DeclaredVisibility declared(DeclaredVisibility.Role role, ZkAst.Name name, ZkAst.Vis vis, SourceFile source) {
        return new DeclaredVisibility(role, name.text(), vis.value(), Loc.of(source, vis.pos()).toString());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw DslException.inFile(file.toString(), "no such file");
        } catch (CharacterCodingException e) {
            throw DslException.inFile(file.toString(), "not UTF-8 text (a .zk program is UTF-8)");
        } catch (IOException e) {
            throw DslException.inFile(file.toString(), "cannot read the file: " + e.getMessage());
        }
    }

    /**
     * Compiles source text that has no file of its own (an editor buffer, a test), named
     * {@code displayName} in messages, with weight files looked up in {@code directory}.
     */
    public static Graph compileSource(String displayName, String text, Path directory) {
        try {
            ModuleLoader loader = new ModuleLoader();
            Module main = loader.loadMain(displayName, text, directory);
            return new ModelCompiler(main, loader).compile();
        } catch (StackOverflowError e) {
            // Parsing and inlining recurse on the nesting of the program; a machine-made program can
            // nest deeper than the stack allows. Say so instead of crashing.
            throw DslException.inFile(displayName, "the program is nested too deeply to compile"
                    + " (simplify it, or give Java a larger stack with -Xss)");
        }
    }
}
