package dev.zkmlc.frontend.dsl;

import dev.zkmlc.grammar.ZkLexer;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * The comments of a {@code .zk} text and the lines of the tokens that start the units the printer
 * prints one after another (the keywords {@code import fn model input param let output return} and
 * each closing {@code }}), in source order. The syntax tree holds no comments; the formatter
 * places each of these around the unit it belongs to ({@link CommentPlacer}).
 */
record SourceComments(List<Comment> comments, int[] anchorLines) {
    /** No comments and no source lines: printing a tree that did not come from text. */
    static final SourceComments NONE = new SourceComments(List.of(), null);

    /**
     * One comment: its line, its text from {@code #} (trailing blanks removed), whether code precedes
     * it on its line, and whether a blank line separates it from the token before and after it.
     */
    record Comment(int line, String text, boolean trailing, boolean blankBefore, boolean blankAfter) {}

    SourceComments {
        comments = List.copyOf(comments);
    }

    /** Lexes {@code text}, which the caller has already parsed without error. */
    static SourceComments of(String text) {
        ZkLexer lexer = new ZkLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        List<Token> tokens = new ArrayList<>();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            tokens.add(t);
        }
        List<Comment> comments = new ArrayList<>();
        List<Integer> anchors = new ArrayList<>();
        int lastCodeLine = 0;
        for (int i = 0; i < tokens.size(); i++) {
            // Tokens never span lines (strings and comments stop at a line break), so a token's line is where it ends.
            Token t = tokens.get(i);
            if (t.getType() == ZkLexer.COMMENT) {
                int previousLine = i == 0 ? 0 : tokens.get(i - 1).getLine();
                int nextLine = i + 1 == tokens.size() ? Integer.MAX_VALUE : tokens.get(i + 1).getLine();
                comments.add(new Comment(t.getLine(), t.getText().stripTrailing(), lastCodeLine == t.getLine(),
                        i > 0 && previousLine < t.getLine() - 1, nextLine != Integer.MAX_VALUE && nextLine > t.getLine() + 1));
                continue;
            }
            lastCodeLine = t.getLine();
            if (startsUnit(t)) {
                anchors.add(t.getLine());
            }
        }
        return new SourceComments(comments, anchors.stream().mapToInt(Integer::intValue).toArray());
    }

    private static boolean startsUnit(Token t) {
        int type = t.getType();
        return type == ZkLexer.IMPORT || type == ZkLexer.FN || type == ZkLexer.MODEL || type == ZkLexer.INPUT
                || type == ZkLexer.PARAM || type == ZkLexer.LET || type == ZkLexer.OUTPUT || type == ZkLexer.RETURN
                || "}".equals(t.getText());
    }
}
