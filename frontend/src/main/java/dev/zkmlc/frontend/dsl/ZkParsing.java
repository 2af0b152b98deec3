package dev.zkmlc.frontend.dsl;

import dev.zkmlc.grammar.ZkLexer;
import dev.zkmlc.grammar.ZkParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Parses a source file into a parse tree, turning the first syntax error into one
 * {@link DslException} in the project's format instead of ANTLR's console messages.
 */
final class ZkParsing {
    private static final int MAX_LISTED_EXPECTATIONS = 6;

    private ZkParsing() {}

    /** The file's syntax tree; the first syntax error is thrown as a {@link DslException}. */
    static ZkAst.Program parseProgram(SourceFile file) {
        return AstBuilder.program(parse(file));
    }

    private static ZkParser.ProgramContext parse(SourceFile file) {
        ZkLexer lexer = new ZkLexer(CharStreams.fromString(file.text(), file.displayName()));
        lexer.removeErrorListeners();
        ZkParser parser = new ZkParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(new ThrowingListener(file));
        return parser.program();
    }

    private static final class ThrowingListener extends BaseErrorListener {
        private final SourceFile file;

        ThrowingListener(SourceFile file) {
            this.file = file;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                String msg, RecognitionException e) {
            Token token = (Token) offendingSymbol;
            StringBuilder message = new StringBuilder("syntax error: unexpected ").append(describe(token));
            if (recognizer instanceof Parser parser) {
                String expected = expected(parser.getExpectedTokens(), parser);
                if (!expected.isEmpty()) {
                    message.append(", expected ").append(expected);
                }
                if (token.getType() == ZkLexer.ID) {
                    message.append(Suggestions.hint(token.getText(), keywords(parser)));
                }
            }
            int column = charPositionInLine + 1;
            if (token.getType() == Token.EOF) {
                // Point just past the last line with text, which is where something is missing.
                while (line > 1 && file.line(line).isBlank()) {
                    line--;
                }
                column = file.line(line).length() + 1;
            }
            throw new DslException(file.displayName(), line, column, message.toString(), file.line(line));
        }

        private static String describe(Token token) {
            if (token.getType() == Token.EOF) {
                return "end of file";
            }
            if (token.getType() == ZkLexer.ERROR_CHAR) {
                return "character '" + token.getText() + "'";
            }
            return "'" + token.getText() + "'";
        }

        /** The reserved words, for "did you mean 'private'?" after a misspelt one. */
        private static List<String> keywords(Parser parser) {
            List<String> out = new ArrayList<>();
            for (int type = 1; type <= parser.getVocabulary().getMaxTokenType(); type++) {
                String literal = parser.getVocabulary().getLiteralName(type);
                if (literal != null && literal.matches("'[a-z]+'")) {
                    out.add(literal.substring(1, literal.length() - 1));
                }
            }
            return out;
        }

        private static String expected(IntervalSet set, Parser parser) {
            if (set.contains(ZkLexer.ID) && set.contains(ZkLexer.INT) && set.contains(ZkLexer.FLOAT)) {
                return "an expression";
            }
            List<String> names = new ArrayList<>();
            for (int type : set.toList()) {
                names.add(tokenName(type, parser));
            }
            if (names.isEmpty() || names.size() > MAX_LISTED_EXPECTATIONS) {
                return "";
            }
            if (names.size() == 1) {
                return names.get(0);
            }
            return "one of " + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        }

        private static String tokenName(int type, Parser parser) {
            if (type == Token.EOF) {
                return "end of file";
            }
            switch (type) {
                case ZkLexer.ID:
                    return "a name";
                case ZkLexer.INT:
                    return "an integer";
                case ZkLexer.FLOAT:
                    return "a number";
                case ZkLexer.STRING:
                    return "a file name in quotes";
                default:
                    String literal = parser.getVocabulary().getLiteralName(type);
                    return literal != null ? literal : parser.getVocabulary().getDisplayName(type);
            }
        }
    }
}
