package dev.lindy.redis;

/**
 * Redis could not be reached, or did not answer in time: the connection is down (Lindy reconnects by
 * itself), Redis is still loading its data after a restart, or the command waited longer than
 * {@link RedisSettings#timeout()}. A session load or save that fails with it gets its request a 503; an app
 * may answer it otherwise with {@code app.error(RedisUnavailableException.class, ...)}.
 */
public final class RedisUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which Redis, and what went wrong
     * @param cause the client's failure, or null
     */
    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
