package dev.lindy.config;

/**
 * A configuration file Lindy cannot use: malformed, too large or too entangled (deep nesting, many or
 * recursive aliases), an unknown key in Lindy's own section, a value of the wrong type, an environment
 * variable that is not set or a <code>${</code> never closed. Its message names the file, and the line and
 * the key where they are known, and it stops the app from starting.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and where, for example {@code config.yml line 4, lindy.port: not a number}
     */
    public ConfigException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong and where
     * @param cause the parser's failure
     */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
