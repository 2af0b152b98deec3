package dev.zkmlc.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
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
        footer = ExitCodes.HELP_TEXT,
        subcommands = {
            CompileCommand.class,
            RunCommand.class,
            MockCommand.class,
            AuditCommand.class,
            ExportCommand.class,
            InspectCommand.class,
            SrsCommand.class,
            SetupCommand.class,
            ProveCommand.class,
            VerifyCommand.class,
            LayoutCommand.class,
            CalibrateCostCommand.class,
            CommitCommand.class,
            FmtCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Zkmlc implements Callable<Integer> {
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
        CommandLine cli = new CommandLine(new Zkmlc());
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
        String unknown = unknownCommand(cli, args);
        if (unknown != null) {
            err.println(ErrorHandler.usageLine(unknown, cli));
            return ExitCodes.USAGE;
        }
        int code;
        try {
            code = cli.execute(withDefaultCommand(cli, args));
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
    static String unknownCommand(CommandLine cli, String[] args) {
        if (args.length == 0) {
            return null;
        }
        String first = args[0];
        if (first.startsWith("-") || cli.getSubcommands().containsKey(first) || first.contains(".")
                || first.contains("/") || first.contains(File.separator) || exists(first)) {
            return null;
        }
        return "unknown command '" + first + "' (commands: " + String.join(", ", cli.getSubcommands().keySet())
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
    static String[] withDefaultCommand(CommandLine cli, String[] args) {
        if (args.length == 0) {
            return args;
        }
        Set<String> commands = cli.getSubcommands().keySet();
        String first = args[0];
        if (commands.contains(first) || first.startsWith("-")) {
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
