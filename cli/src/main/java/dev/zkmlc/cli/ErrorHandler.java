package dev.zkmlc.cli;

import picocli.CommandLine;

/**
 * Turns exceptions into one-line messages and exit codes. User mistakes (bad models, inputs,
 * files) never show a stack trace; anything else is reported as an internal error, with the trace
 * only when {@code ZKMLC_DEBUG} is set.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parseResult) {
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
}
