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
}
