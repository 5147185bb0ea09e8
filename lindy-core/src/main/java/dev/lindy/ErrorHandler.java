package dev.lindy;

/**
 * Answers a request whose handler, hook or callback failed with an exception of a given class; the handler
 * of the nearest superclass applies. It runs on the thread where the failure was caught, with the context's
 * status already set to the failure's (500, or an {@link HttpException}'s), and answers as a route handler
 * does: a body, a {@link dev.lindy.http.Response}, or anything else as JSON. If it throws, the client gets
 * the plain 500 page, and no other error handler runs.
 *
 * <pre>{@code
 * app.error(NoSuchElementException.class, (ctx, e) -> ctx.status(404).json(Map.of("error", "not found")));
 * }</pre>
 *
 * @param <T> the class of failure handled
 */
@FunctionalInterface
public interface ErrorHandler<T extends Throwable> {
    /**
     * Answers for a failure.
     *
     * @param ctx the request's context
     * @param error the failure
     * @return the answer
     * @throws Exception if answering fails too
     */
    Object handle(Context ctx, T error) throws Exception;
}
