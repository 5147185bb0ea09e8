package dev.lindy;

import dev.lindy.http.Response;
import dev.lindy.sse.SseEmitter;

/**
 * The handle of a deferred response (Dancer's {@code respond}): answer through it later, from any thread.
 *
 * <p>Exactly one answer goes out per request. Every {@code send} returns true when it answered, and false
 * when the request was already answered, timed out or the client left: the late answer never reaches the
 * wire. A responder dropped without answering is detected and ends in a 500 that names the route. After
 * the request passes or is forwarded to another route, the responder of the route before is stale: its
 * sends return false and {@link #isDone()} is true.
 *
 * <pre>{@code
 * app.async(GET, "/timer", ctx -> {
 *     Responder respond = ctx.respond();
 *     ctx.after(Duration.ofSeconds(1), () -> respond.send("foo!"));
 * });
 * }</pre>
 */
public interface Responder {
    /**
     * Answers with a body: a {@code String}, {@code byte[]} or {@link Response}, with the status and
     * headers set on the context.
     *
     * @param body the body or response
     * @return true if this call answered the request
     */
    boolean send(Object body);

    /**
     * Answers with a status and a body.
     *
     * @param status the status code
     * @param body the body, as for {@link #send(Object)}
     * @return true if this call answered the request
     */
    boolean send(int status, Object body);

    /**
     * Answers with a 302 redirect, the location resolved against the request URL.
     *
     * @param location an absolute or relative URL
     * @return true if this call answered the request
     */
    boolean redirect(String location);

    /**
     * Answers with a redirect of a given status.
     *
     * @param location an absolute or relative URL
     * @param status a 3xx status
     * @return true if this call answered the request
     */
    boolean redirect(String location, int status);

    /**
     * Answers with the 500 error page for a failure, and logs it.
     *
     * @param error what went wrong
     * @return true if this call answered the request
     */
    boolean fail(Throwable error);

    /**
     * Starts a streamed response with the context's status and headers.
     *
     * @return the writer for the body
     * @throws IllegalStateException if the request was already answered
     */
    StreamWriter stream();

    /**
     * Starts a stream of server-sent events with the context's status and headers.
     *
     * @return the event stream
     * @throws IllegalStateException if the request was already answered
     */
    SseEmitter sse();

    /**
     * Tells whether the request has been answered, timed out or abandoned by the client.
     *
     * @return true once no answer can go out any more
     */
    boolean isDone();
}
