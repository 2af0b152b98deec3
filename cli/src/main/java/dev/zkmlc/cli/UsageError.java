package dev.zkmlc.cli;

/**
 * A mistake in the command line itself, such as an option value out of range; printed as one line
 * that points at the command's help, exit code {@link ExitCodes#USAGE}.
 */
public final class UsageError extends RuntimeException {
    public UsageError(String message) {
        super(message);
    }
}
