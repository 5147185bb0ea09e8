package dev.lindy.spi;

import dev.lindy.Settings;

/**
 * A host that {@code App.start} can find on the class path through {@link java.util.ServiceLoader}.
 *
 * <p>{@code lindy-netty} registers one, so an app with that module on its class path starts on Netty.
 */
public interface ServerProvider {
    /**
     * Starts a server for a handler.
     *
     * @param handler the app
     * @param settings the frozen settings: host, port, threads, limits, timeouts
     * @return the running server
     * @throws Exception if it cannot bind or start
     */
    Server start(ExchangeHandler handler, Settings settings) throws Exception;
}
