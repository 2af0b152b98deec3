package dev.zkmlc.frontend.input;

/** An input or output JSON file that cannot be read or does not fit the model; the message names the file. */
public final class InputFormatException extends RuntimeException {
    public InputFormatException(String message) {
        super(message);
    }
}
