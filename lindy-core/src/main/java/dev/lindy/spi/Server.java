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
     * Stops gracefully: stops accepting, lets in-flight exchanges finish within the grace period, then closes
     * what is left. Returns when the server is stopped.
     *
     * @param grace the longest time to wait for in-flight exchanges
     */
    void stop(Duration grace);
}
