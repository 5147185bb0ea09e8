package dev.lindy;

/**
 * A failure that answers with its own status: throw it from a handler, a hook or anything they call to
 * refuse a request with a 4xx (or 5xx) and a message. The message of a 4xx reaches the client, in
 * production too, so write it for the client; a 5xx's message is shown only in development mode. Error
 * handlers registered for its class or for its status apply.
 *
 * <pre>{@code
 * Order order = orders.find(id).orElseThrow(() -> new HttpException(404, "No order " + id + "."));
 * }</pre>
 */
public class HttpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The status the request is answered with. */
    private final int status;

    /**
     * Creates the exception.
     *
     * @param status a 4xx or 5xx status
     * @param message what went wrong, in words for the client
     */
    public HttpException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an HttpException carries a 4xx or 5xx status: " + status);
        }
        this.status = status;
    }

    /**
     * Returns the status the request is answered with.
     *
     * @return the status
     */
    public int status() {
        return status;
    }
}
