package dev.zkmlc.tests.fuzz;

import java.util.List;
import java.util.Set;

/**
 * A reader under fuzzing: its name (also the folder of its kept seeds), the valid inputs that
 * mutations start from, the reader itself, the exception types it documents for bad input, and,
 * for text formats, a dictionary of tokens that mutations splice in (keywords, punctuation, extreme
 * numbers) so that mutants get past the lexer. Any other throwable (a NullPointerException, an
 * index out of bounds, an OutOfMemoryError, a StackOverflowError) is a crash.
 */
record FuzzTarget(String name, List<byte[]> seeds, Reader reader, Set<Class<? extends Throwable>> documented,
        List<String> dictionary) {
    FuzzTarget(String name, List<byte[]> seeds, Reader reader, Set<Class<? extends Throwable>> documented) {
        this(name, seeds, reader, documented, List.of());
    }

    @FunctionalInterface
    interface Reader {
        void read(byte[] input) throws Exception;
    }

    boolean isDocumented(Throwable t) {
        for (Class<? extends Throwable> c : documented) {
            if (c.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
