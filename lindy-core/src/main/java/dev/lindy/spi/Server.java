package dev.lindy.spi;

import java.time.Duration;

/**
 * A running host that accepts connections for an app.
 */
public interface Server {
    /**
     * Returns the port the server listens on, the real one when it was started on port 0.
     *
     * @return the bound port
     */
    int port();

    /**
     * Starts a graceful stop without waiting: no new connection is accepted, idle keep-alive connections
     * close at once, and busy ones close once their answer in flight is out. Called before the app ends
     * what is still in flight; a host that cannot do it leaves it to {@link #stop}.
     */
    default void stopAccepting() {
    }

    /**
     * Stops gracefully: stops accepting, lets in-flight exchanges finish within the grace period, then closes
     * what is left. Returns when the server is stopped.
     *
     * @param grace the longest time to wait for in-flight exchanges
     */
    void stop(Duration grace);
}
