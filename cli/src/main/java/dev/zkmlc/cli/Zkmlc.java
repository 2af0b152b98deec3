package dev.zkmlc.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code zkmlc} command. {@code zkmlc model.zk -O2} is short for {@code zkmlc compile model.zk -O2}.
 */
@Command(name = "zkmlc",
        mixinStandardHelpOptions = true,
        versionProvider = Zkmlc.Version.class,
        description = "Compiles machine-learning models (ONNX or .zk) to zero-knowledge proof circuits.",
        footer = ExitCodes.HELP_TEXT)
public final class Zkmlc implements Callable<Integer> {
    /**
     * The commands, in the order the usage lists them. picocli reflects over every command it is given before it
     * parses anything (~0.4 CPU-s for all of them, at the start of every run), so a run that names its command gets
     * only that one; the others are added for the usage, {@code help} and mistyped commands.
     */
    static final Map<String, Class<?>> COMMANDS = commands();

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("compile", CompileCommand.class);
        m.put("run", RunCommand.class);
        m.put("mock", MockCommand.class);
        m.put("audit", AuditCommand.class);
        m.put("export", ExportCommand.class);
        m.put("inspect", InspectCommand.class);
        m.put("srs", SrsCommand.class);
        m.put("setup", SetupCommand.class);
        m.put("prove", ProveCommand.class);
        m.put("verify", VerifyCommand.class);
        m.put("layout", LayoutCommand.class);
        m.put("calibrate-cost", CalibrateCostCommand.class);
        m.put("commit", CommitCommand.class);
        m.put("fmt", FmtCommand.class);
        m.put("help", CommandLine.HelpCommand.class);
        return Collections.unmodifiableMap(m);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** No command and no model: the usage goes to standard error and the exit says the command line was wrong, as git does. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = execute(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs zkmlc with the given arguments and streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        String unknown = unknownCommand(args);
        String[] rewritten = withDefaultCommand(args);
        CommandLine cli = new CommandLine(new Zkmlc());
        String command = rewritten.length == 0 ? "" : rewritten[0];
        if (unknown == null && COMMANDS.containsKey(command) && !command.equals("help")) {
            cli.addSubcommand(command, COMMANDS.get(command));
        } else {
            COMMANDS.forEach(cli::addSubcommand);
        }
        // After the subcommands: picocli hands these settings only to the subcommands it has at the time.
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler((ex, arguments) -> {
            String message = ex.getMessage();
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                message += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
            }
            err.println(ErrorHandler.usageLine(message, ex.getCommandLine()));
            return ExitCodes.USAGE;
        });
        if (unknown != null) {
            err.println(ErrorHandler.usageLine(unknown, cli));
            return ExitCodes.USAGE;
        }
        int code;
        try {
            code = cli.execute(rewritten);
        } catch (OutOfMemoryError e) {
            // picocli hands only Exceptions to the handler; a circuit too large for the heap must still end in one line.
            err.println("zkmlc: out of memory (maximum heap " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB): give the JVM more, e.g. ZKMLC_JAVA_OPTS=-Xmx16g ./zkmlc ..., or choose a smaller"
                    + " layout (the compile report's plan estimates the memory proving needs)");
            code = ExitCodes.INTERNAL;
        }
        out.flush();
        err.flush();
        return code;
    }

    /**
     * A first argument that is neither a command nor a model file ("zkmlc comple m.zk") is a mistyped
     * command: say so, rather than "comple: no such file".
     */
    static String unknownCommand(String[] args) {
        if (args.length == 0) {
            return null;
        }
        String first = args[0];
        if (first.startsWith("-") || COMMANDS.containsKey(first) || first.contains(".")
                || first.contains("/") || first.contains(File.separator) || exists(first)) {
            return null;
        }
        return "unknown command '" + first + "' (commands: " + String.join(", ", COMMANDS.keySet())
                + "; a model file ends in .zk or .onnx)";
    }

    private static boolean exists(String path) {
        try {
            return Files.exists(Path.of(path));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** Inserts {@code compile} when the first argument names a model rather than a command. */
    static String[] withDefaultCommand(String[] args) {
        if (args.length == 0) {
            return args;
        }
        String first = args[0];
        if (COMMANDS.containsKey(first) || first.startsWith("-")) {
            return args;
        }
        String[] rewritten = new String[args.length + 1];
        rewritten[0] = "compile";
        System.arraycopy(args, 0, rewritten, 1, args.length);
        return rewritten;
    }

    /** Reads the version Maven wrote into the jar. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"zkmlc " + version()};
        }
    }

    public static String version() {
        try (InputStream in = Zkmlc.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
