package dev.lindy.spi;

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
     * Tells whether the app has WebSocket routes: a host that cannot upgrade connections refuses to start
     * such an app, with a message, rather than answer its WebSockets with errors.
     *
     * @return false unless the app says otherwise
     */
    default boolean needsWebSockets() {
        return false;
    }
}
