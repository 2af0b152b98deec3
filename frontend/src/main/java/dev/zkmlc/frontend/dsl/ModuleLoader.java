package dev.zkmlc.frontend.dsl;

import dev.zkmlc.stdlib.StandardLibrary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a file and, transitively, what it imports: {@code std.x} from the standard library on the
 * class path, any other {@code a.b} from {@code a/b.zk} next to the importing file. Each module is
 * loaded once per compilation; an import cycle is an error.
 */
final class ModuleLoader {
    private final Map<String, Module> loaded = new HashMap<>();
    private final List<String> loading = new ArrayList<>();

    /** Loads the file being compiled. */
    Module loadMain(String displayName, String text, Path directory) {
        return load("", new SourceFile(displayName, text, false), directory);
    }

    /** A standard-library module by its dotted name ("std.nn"), loaded on first use. */
    Module standardModule(String name) {
        Module cached = loaded.get(name);
        if (cached != null) {
            return cached;
        }
        String shortName = name.substring("std.".length());
        Module module = load(name, new SourceFile("std/" + shortName + ".zk", StandardLibrary.source(shortName)
                .orElseThrow(() -> new IllegalArgumentException("no standard module " + name)), true), null);
        loaded.put(name, module);
        return module;
    }

    private Module load(String name, SourceFile source, Path directory) {
        ZkAst.Program tree = ZkParsing.parseProgram(source);
        Module module = new Module(name, source, directory, tree);
        loading.add(name);
        for (ZkAst.Import imp : tree.imports()) {
            Module imported = resolve(module, imp);
            List<String> parts = List.of(imported.name().split("\\."));
            String qualifier = imp.alias() != null ? imp.alias().text() : parts.get(parts.size() - 1);
            Module clash = module.qualifiers().get(qualifier);
            if (clash != null && clash != imported) {
                throw DslException.at(Loc.of(source, imp.alias() != null ? imp.alias().pos() : imp.path().get(0).pos()),
                        "'" + qualifier + "' already names " + clash.name() + "; import this one under another name, as in 'import "
                                + imported.name() + " as other'");
            }
            module.addImport(imported, qualifier);
        }
        loading.remove(loading.size() - 1);
        for (ZkAst.TopDecl top : tree.decls()) {
            if (top instanceof ZkAst.FunctionDecl f) {
                define(module, f);
            }
        }
        return module;
    }

    private Module resolve(Module from, ZkAst.Import imp) {
        String name = imp.dotted();
        Loc loc = Loc.of(from.source(), imp.path().get(0).pos());
        if (loading.contains(name)) {
            List<String> cycle = new ArrayList<>(loading.subList(loading.indexOf(name), loading.size()));
            cycle.add(name);
            throw DslException.at(loc, "import cycle: " + String.join(" -> ", cycle));
        }
        Module cached = loaded.get(name);
        if (cached != null) {
            return cached;
        }
        Module module;
        if (name.startsWith("std.")) {
            String shortName = name.substring(4);
            if (!StandardLibrary.MODULES.contains(shortName)) {
                List<String> all = StandardLibrary.MODULES.stream().map(m -> "std." + m).toList();
                throw DslException.at(loc, "no module '" + name + "' in the standard library"
                        + Suggestions.hint(name, all) + "; it has " + String.join(", ", all));
            }
            module = standardModule(name);
        } else {
            if (from.directory() == null) {
                throw DslException.at(loc, "the standard library can only import std modules");
            }
            Path file = from.directory().resolve(name.replace('.', '/') + ".zk");
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw DslException.at(loc, "cannot find module '" + name + "' (looked for " + file + ")");
            }
            module = load(name, new SourceFile(file.toString(), text, false), file.getParent());
        }
        loaded.put(name, module);
        return module;
    }

    private static void define(Module module, ZkAst.FunctionDecl f) {
        String name = f.name().text();
        Loc loc = Loc.of(module.source(), f.name().pos());
        if (Builtins.isBuiltin(name)) {
            throw DslException.at(loc, "'" + name + "' is a builtin and cannot be redefined");
        }
        Module.Function previous = module.functions().get(name);
        if (previous != null) {
            throw DslException.at(loc, "function '" + name + "' is already defined at line "
                    + previous.decl().name().pos().line());
        }
        List<String> params = new ArrayList<>();
        boolean sawDefault = false;
        for (ZkAst.FnParam p : f.params()) {
            String pName = p.name().text();
            if (params.contains(pName)) {
                throw DslException.at(Loc.of(module.source(), p.name().pos()), "parameter '" + pName + "' appears twice");
            }
            if (p.defaultValue() != null) {
                sawDefault = true;
            } else if (sawDefault) {
                throw DslException.at(Loc.of(module.source(), p.name().pos()),
                        "parameter '" + pName + "' needs a default value, since an earlier parameter has one");
            }
            params.add(pName);
        }
        module.define(new Module.Function(name, module, f, params));
    }
}
