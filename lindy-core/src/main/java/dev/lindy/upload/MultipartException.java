package dev.lindy.upload;

import dev.lindy.HttpException;

/**
 * A multipart body Lindy refuses: 413 when it breaks a limit (a file too large, too many parts), 400 when
 * it is malformed. Its message says which, for the client.
 */
public final class MultipartException extends HttpException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param status 413 or 400
     * @param message the reason, for the client
     */
    public MultipartException(int status, String message) {
        super(status, message);
    }
}
