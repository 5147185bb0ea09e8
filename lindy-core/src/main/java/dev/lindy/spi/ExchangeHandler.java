package dev.lindy.spi;

import java.net.InetSocketAddress;

/**
 * An application as a host sees it: something that takes exchanges and answers each, now or later.
 */
@FunctionalInterface
public interface ExchangeHandler {
    /**
     * Takes a new exchange; called on the exchange's loop, and must not block.
     *
     * @param exchange the exchange to answer
     */
    void handle(Exchange exchange);

    /**
     * Tells the app of a request the host answered itself with an error before it became an exchange
     * (malformed, too large, too slow, over a limit), for the access log. Called on the connection's loop,
     * once the refusal is on its way; must not block, and what it throws is logged and changes nothing.
     *
     * @param remoteAddress the client's address, or null when unknown
     * @param requestLine the request line as read ({@code GET /x HTTP/1.1}), or null when there was none
     *     to trust
     * @param status the status answered
     * @param bytes the bytes of the answer's body
     */
    default void refused(InetSocketAddress remoteAddress, String requestLine, int status, long bytes) {
    }

    /**
     * Tells whether the app has WebSocket routes: a host that cannot upgrade connections refuses to start
     * such an app, with a message, rather than answer its WebSockets with errors.
     *
     * @return false unless the app says otherwise
     */
    default boolean needsWebSockets() {
        return false;
    }
}
