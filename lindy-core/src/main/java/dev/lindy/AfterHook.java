package dev.lindy;

import dev.lindy.http.Response;

/**
 * An {@code after} hook: sees every response just before it leaves and may change it. It runs once per
 * request, for every answer (a route's, a halt, a redirect, an error page, a 404, a missed deadline), on
 * the thread that answers: a worker, the event loop, or a timer's callback. It never runs for an answer
 * that lost the exactly-once race. For a stream it runs as the stream starts, on a response without a
 * body; only the status and headers it returns count.
 *
 * <pre>{@code
 * app.after((ctx, response) -> response.newBuilder().header("X-Frame-Options", "DENY").build());
 * }</pre>
 */
@FunctionalInterface
public interface AfterHook {
    /**
     * Runs the hook.
     *
     * @param ctx the request's context
     * @param response the response about to leave
     * @return the response to send: the one given, or a changed copy
     * @throws Exception any failure, which replaces the response with the plain 500 page
     */
    Response handle(Context ctx, Response response) throws Exception;
}
