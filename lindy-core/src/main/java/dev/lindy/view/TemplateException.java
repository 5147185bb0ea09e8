package dev.lindy.view;

/**
 * A template that could not be rendered: missing, malformed, or failing as it ran. Its message names the
 * template's file and, where known, the line.
 */
public final class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed and where, such as {@code views/index.peb line 4: unexpected token}
     * @param cause the engine's failure, or null
     */
    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
