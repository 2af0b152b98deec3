package dev.zkmlc.optimizer.search;

/** No candidate of a search fits: the message gives each candidate's reason, so the user sees what to relax. */
public final class NoFeasibleLayoutException extends RuntimeException {
    public NoFeasibleLayoutException(String message) {
        super(message);
    }
}
