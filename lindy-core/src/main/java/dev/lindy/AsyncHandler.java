package dev.lindy;

/**
 * The handler of an {@code async} route: it runs on the event loop, must not block, and answers later
 * through {@link Context#respond()} (or at once with a keyword such as {@code halt}).
 *
 * <pre>{@code
 * app.async(GET, "/timer", ctx -> {
 *     Responder respond = ctx.respond();
 *     ctx.after(Duration.ofSeconds(1), () -> respond.send("foo!"));
 * });
 * }</pre>
 */
@FunctionalInterface
public interface AsyncHandler {
    /**
     * Starts handling one request.
     *
     * @param ctx the request's context, valid from any thread until the response is complete
     * @throws Exception any failure, which becomes a 500 error page
     */
    void handle(Context ctx) throws Exception;
}
