package dev.zkmlc.frontend.dsl;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** A position in a source file: 1-based line and column. */
record Loc(SourceFile file, int line, int column) {
    static Loc of(SourceFile file, Token token) {
        return new Loc(file, token.getLine(), token.getCharPositionInLine() + 1);
    }

    static Loc of(SourceFile file, ParserRuleContext ctx) {
        return of(file, ctx.getStart());
    }

    @Override
    public String toString() {
        return file.displayName() + ":" + line + ":" + column;
    }
}
