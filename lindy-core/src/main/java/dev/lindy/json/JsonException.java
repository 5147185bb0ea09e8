package dev.lindy.json;

/**
 * JSON that could not be read or a value that could not be written. Its message says where and why in a
 * few words, and never repeats the JSON's text, so it may be shown to the client that sent it.
 */
public final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message a short, client-safe reason, such as {@code malformed JSON at line 1, column 12}
     * @param cause the library's failure, for the log
     */
    public JsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
