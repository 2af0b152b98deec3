package dev.zkmlc.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;

/** Prints each phase of a long command and how long it took, on the error stream. */
final class Phases {
    private final PrintWriter err;

    Phases(PrintWriter err) {
        this.err = err;
    }

    <T> T run(String phase, Supplier<T> work) {
        err.print(String.format("%-10s ...", phase));
        err.flush();
        long start = System.nanoTime();
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            // End the phase's line, so the error message stands on a line of its own.
            err.println();
            throw e;
        }
        err.println(String.format(" %.2f s", (System.nanoTime() - start) / 1e9));
        return result;
    }
}
