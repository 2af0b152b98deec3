package dev.zkmlc.cli;

/** The exit codes of every zkmlc command, as documented in {@code --help} and README.md. */
public final class ExitCodes {
    /** Success; for verify, the proof was accepted; for mock, every constraint holds. */
    public static final int OK = 0;
    /** A check said no: verify rejected the proof, or the mock prover found failing constraints. */
    public static final int REJECTED = 1;
    /** The command line itself is wrong (unknown command or option, missing argument, option value out of range). */
    public static final int USAGE = 2;
    /**
     * A model, input or artifact file is bad or unsupported, missing, or would be overwritten without
     * --force; the message names the file and says where.
     */
    public static final int BAD_INPUT = 3;
    /** A bug in zkmlc (the message asks for a report), or the JVM ran out of memory (the message says how to give it more). */
    public static final int INTERNAL = 4;

    private ExitCodes() {}

    static final String HELP_TEXT = "%nExit codes:%n"
            + "  0  success (verify: proof accepted; mock: all constraints hold)%n"
            + "  1  rejected (verify: proof rejected; mock: some constraint fails)%n"
            + "  2  usage error in the command line (unknown command or option, value out of range)%n"
            + "  3  bad, unsupported or missing model, input or artifact, or an output that exists%n"
            + "     (the message names the file and says where)%n"
            + "  4  internal error in zkmlc (please report it)%n";
}
