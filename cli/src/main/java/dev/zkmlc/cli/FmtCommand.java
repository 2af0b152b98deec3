package dev.zkmlc.cli;

import dev.zkmlc.frontend.dsl.ZkPrinter;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code zkmlc fmt model.zk}: the program in canonical form (docs/language.md). It prints to
 * standard output; the file changes only with {@code --write}. Comments are kept.
 */
@Command(name = "fmt", mixinStandardHelpOptions = true,
        description = "Print a .zk program in canonical form: four-space indentation, one declaration a line, "
                + "only the parentheses precedence needs; comments are kept.",
        footer = ExitCodes.HELP_TEXT)
final class FmtCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .zk program.")
    Path file;

    @Option(names = "--write", description = "Rewrite FILE in canonical form instead of printing it.")
    boolean write;

    @Option(names = "--check", description = "Print nothing; exit 1 when FILE is not in canonical form.")
    boolean check;

    @Override
    public Integer call() throws IOException {
        if (write && check) {
            throw new UsageError("--write and --check exclude each other");
        }
        if (!file.getFileName().toString().toLowerCase().endsWith(".zk")) {
            throw new UserError(file + ": fmt formats .zk programs");
        }
        String text;
        try {
            text = Files.readString(FileArgs.readable(file), StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new UserError(file + ": not UTF-8 text (a .zk program is UTF-8)");
        }
        String canonical = ZkPrinter.format(file.toString(), text);
        if (check) {
            if (canonical.equals(text)) {
                return ExitCodes.OK;
            }
            spec.commandLine().getErr().println(file + ": not in canonical form (zkmlc fmt --write " + file + " rewrites it)");
            return ExitCodes.REJECTED;
        }
        if (!write) {
            spec.commandLine().getOut().print(canonical);
            return ExitCodes.OK;
        }
        if (canonical.equals(text)) {
            spec.commandLine().getOut().println(file + ": already in canonical form");
            return ExitCodes.OK;
        }
        Files.writeString(file, canonical, StandardCharsets.UTF_8);
        spec.commandLine().getOut().println(file + ": rewritten in canonical form");
        return ExitCodes.OK;
    }
}
