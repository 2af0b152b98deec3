package dev.zkmlc.cli;

import picocli.CommandLine;

/**
 * Turns exceptions into one-line messages and exit codes. User mistakes (bad models, inputs,
 * files, option values) never show a stack trace; anything else is reported as an internal error,
 * with the trace only when {@code ZKMLC_DEBUG} is set.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parseResult) {
        if (ex instanceof UsageError) {
            cli.getErr().println(usageLine(ex.getMessage(), cli));
            return ExitCodes.USAGE;
        }
        if (UserErrors.isUserError(ex)) {
            cli.getErr().println(UserErrors.message(ex));
            return ExitCodes.BAD_INPUT;
        }
        cli.getErr().println("zkmlc: internal error: " + ex + " (please report this, with the command you ran)");
        if (System.getenv("ZKMLC_DEBUG") != null) {
            ex.printStackTrace(cli.getErr());
        }
        return ExitCodes.INTERNAL;
    }

    /** "zkmlc: <what is wrong> (see 'zkmlc compile --help')": one line, naming the help that lists the options. */
    static String usageLine(String message, CommandLine cli) {
        return "zkmlc: " + message + " (see '" + cli.getCommandSpec().qualifiedName() + " --help')";
    }
}
