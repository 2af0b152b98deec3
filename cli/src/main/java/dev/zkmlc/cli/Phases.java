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
        T result = work.get();
        err.println(String.format(" %.2f s", (System.nanoTime() - start) / 1e9));
        return result;
    }
}
