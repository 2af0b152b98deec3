package dev.zkmlc.frontend.dsl;

/** A position in a source file: 1-based line and column. */
record Loc(SourceFile file, int line, int column) {
    static Loc of(SourceFile file, ZkAst.Pos pos) {
        return new Loc(file, pos.line(), pos.column());
    }

    @Override
    public String toString() {
        return file.displayName() + ":" + line + ":" + column;
    }
}
