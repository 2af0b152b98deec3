package dev.zkmlc.maven;

import dev.zkmlc.cli.ExitCodes;
import dev.zkmlc.cli.Zkmlc;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One run of the zkmlc command line, in process, with what it printed. The plugin drives the same
 * commands a user types, so its messages and its artifacts are the command line's, to the byte.
 */
record ZkmlcRun(List<String> args, int exitCode, List<String> out, List<String> err) {
    /** The stack the zkmlc launcher gives the compiler (-Xss16m): parsing and graph passes recurse deeply. */
    private static final long STACK_BYTES = 16L << 20;
    /** Long commands time their phases on the error stream: "compile    ... 1.25 s", or "compile    ..." then a failure. */
    private static final Pattern COMPLETED_PHASE = Pattern.compile("[a-z][a-z ]{9} \\.\\.\\. \\d+\\.\\d+ s");
    private static final Pattern STARTED_PHASE = Pattern.compile("^[a-z][a-z ]{9} \\.\\.\\.");
    /** A located note, such as a command-line option overriding a visibility the .zk source declares. */
    private static final Pattern NOTE = Pattern.compile("^\\S.*:\\d+:\\d+: note: .*");

    static ZkmlcRun of(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int[] code = {ExitCodes.INTERNAL};
        Throwable[] crash = {null};
        Thread t = new Thread(null, () -> {
            try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
                code[0] = Zkmlc.execute(args.toArray(new String[0]), o, e);
            }
        }, "zkmlc", STACK_BYTES);
        t.setContextClassLoader(ZkmlcRun.class.getClassLoader());
        t.setUncaughtExceptionHandler((th, ex) -> crash[0] = ex);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while zkmlc ran", e);
        }
        if (crash[0] != null) {
            err.write("zkmlc: internal error: " + crash[0] + " (please report this, with the model and the plugin's configuration)\n");
        }
        return new ZkmlcRun(List.copyOf(args), code[0], lines(out.toString()), lines(err.toString()));
    }

    boolean ok() {
        return exitCode == 0;
    }

    /** The one-line reason zkmlc gave for a failure: the first line of its error message. */
    String failure() {
        List<String> p = problem();
        if (!p.isEmpty()) {
            return p.get(0);
        }
        return out.isEmpty() ? "zkmlc " + String.join(" ", args) + ": exit code " + exitCode : out.get(out.size() - 1);
    }

    /**
     * What zkmlc said on its error stream apart from warnings and phase timings: the message, then any
     * detail it adds (a .zk error shows the source line with a caret under the column).
     */
    List<String> problem() {
        List<String> p = new ArrayList<>();
        for (String line : err) {
            if (line.startsWith("WARNING") || COMPLETED_PHASE.matcher(line).matches() || NOTE.matcher(line).matches()) {
                continue;
            }
            String text = STARTED_PHASE.matcher(line).replaceFirst("");
            if (p.isEmpty() && text.isBlank()) {
                continue;
            }
            p.add(text);
        }
        return p;
    }

    private static List<String> lines(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split("\\R"));
    }
}
