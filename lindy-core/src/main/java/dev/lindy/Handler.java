package dev.lindy;

/**
 * A route handler: takes the request's context and returns what to answer, or answers later.
 *
 * <p>The return value may be a {@code String} or {@code byte[]} (the body; status and headers come from
 * the context), a {@link dev.lindy.http.Response} (used as is), a {@link java.util.concurrent.CompletionStage}
 * of one of those (the route becomes asynchronous and answers when the stage completes), or {@code null}
 * after taking the responder with {@link Context#respond()} to answer later. Returning null without
 * answering or taking the responder ends in a 500 that names the route.
 */
@FunctionalInterface
public interface Handler {
    /**
     * Handles one request.
     *
     * @param ctx the request's context, valid from any thread until the response is complete
     * @return the answer, a stage of it, or null when answering through the responder
     * @throws Exception any failure, which becomes a 500 error page
     */
    Object handle(Context ctx) throws Exception;
}
