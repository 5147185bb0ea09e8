package dev.lindy.spi;

import dev.lindy.http.Headers;
import dev.lindy.http.Request;
import dev.lindy.http.Response;

/**
 * One request and the way to answer it, exactly once: the seam between Lindy and the host that serves it.
 *
 * <p>A host (the embedded Netty server, a servlet container, the in-process test host) creates one exchange
 * per request and hands it to the app's {@link ExchangeHandler}. Every method is safe from any thread.
 *
 * <p>Hosts honour these rules: only the first of {@link #respond} or {@link #stream} takes effect, later
 * calls return false or fail; for a HEAD request the host sends the headers and no body; the host sets the
 * body framing (Content-Length or chunked) itself unless the response carries a Content-Length.
 */
public interface Exchange {
    /**
     * Returns the request.
     *
     * @return the request, body fully read
     */
    Request request();

    /**
     * Sends a complete response.
     *
     * @param response the response
     * @return true if this call answered; false if the exchange was already answered or the client is gone
     */
    boolean respond(Response response);

    /**
     * Sends the status and headers now and returns a writer for the body.
     *
     * @param status the status code
     * @param headers the headers; without Content-Length the body is framed as chunked (or by close on HTTP/1.0)
     * @return the body writer
     * @throws IllegalStateException if the exchange was already answered
     */
    BodyWriter stream(int status, Headers headers);

    /**
     * Returns the event loop this exchange's callbacks and timers run on.
     *
     * @return the loop
     */
    Loop loop();

    /**
     * Registers a callback run once when the exchange ends early: the client disconnected before the
     * response was complete, or the host is shutting down. It runs on the loop.
     *
     * @param callback the callback
     */
    void onClose(Runnable callback);

    /**
     * Tells whether the client is still connected and the exchange can still be answered or written to.
     *
     * @return true while open
     */
    boolean isOpen();
    /**
     * Answers with a WebSocket handshake ({@code 101 Switching Protocols}) and hands the connection to a
     * handler. Lindy has checked the request (an upgrade to {@code websocket}, version 13, a key, an allowed
     * origin) and won the right to answer; the host computes the accept key, negotiates the extensions it
     * supports, and from then on speaks WebSocket on the connection.
     *
     * @param headers extra headers for the handshake's answer
     * @param handler takes the socket's events
     * @return false if this host cannot speak WebSocket (the default), so Lindy answers otherwise
     */
    default boolean upgrade(Headers headers, WebSocketHandler handler) {
        return false;
    }
}
