package dev.lindy;

/**
 * A callback that runs in a request's context, such as a timer's: it may throw, and any keyword works in it.
 *
 * <p>An exception it throws becomes the request's 500 response; {@code halt}, {@code redirect} and
 * {@code pass} called inside it act on the request.
 */
@FunctionalInterface
public interface Action {
    /**
     * Runs the callback.
     *
     * @throws Exception any failure, which answers the request with a 500 if it is still pending
     */
    void run() throws Exception;
}
