package dev.zkmlc.frontend.dsl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed {@code .zk} file: its own functions, the modules it imports, and its model if it has
 * one. A function body resolves calls against its own module: local functions first, then the
 * functions of the modules that module imports, then the builtins.
 */
final class Module {
    /** A function written in the language, inlined at each call. */
    record Function(String name, Module module, ZkAst.FunctionDecl decl, List<String> parameters) {
        String qualifiedName() {
            return module.name().isEmpty() ? name : module.name() + "." + name;
        }
    }

    private final String name;
    private final SourceFile source;
    private final Path directory;
    private final ZkAst.Program tree;
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final List<Module> imports = new ArrayList<>();
    private final Map<String, Module> qualifiers = new LinkedHashMap<>();

    /**
     * @param name dotted module name ("std.nn"), or "" for the file being compiled
     * @param directory where weight files and user modules are looked up; null for the standard library
     */
    Module(String name, SourceFile source, Path directory, ZkAst.Program tree) {
        this.name = name;
        this.source = source;
        this.directory = directory;
        this.tree = tree;
    }

    String name() {
        return name;
    }

    SourceFile source() {
        return source;
    }

    Path directory() {
        return directory;
    }

    ZkAst.Program tree() {
        return tree;
    }

    Map<String, Function> functions() {
        return Collections.unmodifiableMap(functions);
    }

    List<Module> imports() {
        return Collections.unmodifiableList(imports);
    }

    void define(Function f) {
        functions.put(f.name(), f);
    }

    /** The modules by the prefix calls name them with: {@code nn} in {@code nn.dense(...)}. */
    Map<String, Module> qualifiers() {
        return Collections.unmodifiableMap(qualifiers);
    }

    void addImport(Module m, String qualifier) {
        imports.add(m);
        qualifiers.put(qualifier, m);
    }
}
