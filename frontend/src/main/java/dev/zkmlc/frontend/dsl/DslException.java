package dev.zkmlc.frontend.dsl;

/**
 * A mistake in a {@code .zk} program (or its weight files). The message is
 * {@code file:line:col: what is wrong}, then the source line and a caret under the column, ready
 * for the command line to print as is.
 */
public final class DslException extends RuntimeException {
    private final String file;
    private final int line;
    private final int column;
    private final String problem;

    DslException(String file, int line, int column, String problem, String sourceLine) {
        super(format(file, line, column, problem, sourceLine));
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    static DslException at(Loc loc, String problem) {
        return new DslException(loc.file().displayName(), loc.line(), loc.column(), problem,
                loc.file().line(loc.line()));
    }

    /** An error about a whole file, with no position in it. */
    static DslException inFile(String file, String problem) {
        return new DslException(file, 0, 0, problem, "");
    }

    public String file() {
        return file;
    }

    /** 1-based; 0 when the error concerns the file as a whole. */
    public int line() {
        return line;
    }

    /** 1-based; 0 when the error concerns the file as a whole. */
    public int column() {
        return column;
    }

    /** The message without location and source excerpt. */
    public String problem() {
        return problem;
    }

    private static String format(String file, int line, int column, String problem, String sourceLine) {
        if (line <= 0) {
            return file + ": " + problem;
        }
        StringBuilder sb = new StringBuilder(file).append(':').append(line).append(':').append(column)
                .append(": ").append(problem);
        if (!sourceLine.isEmpty()) {
            sb.append('\n').append(sourceLine).append('\n');
            // Keep tabs so that the caret lines up however the terminal expands them.
            for (int i = 0; i < column - 1 && i < sourceLine.length(); i++) {
                sb.append(sourceLine.charAt(i) == '\t' ? '\t' : ' ');
            }
            sb.append('^');
        }
        return sb.toString();
    }
}
