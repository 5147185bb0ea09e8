package dev.lindy.netty;

import dev.lindy.Settings;
import dev.lindy.spi.ExchangeHandler;
import dev.lindy.spi.Server;
import dev.lindy.spi.ServerProvider;

/**
 * Registers the embedded Netty server with {@code App.start}, through {@link java.util.ServiceLoader}.
 */
public final class NettyServerProvider implements ServerProvider {
    /** Creates the provider; called by the service loader. */
    public NettyServerProvider() {
    }

    @Override
    public Server start(ExchangeHandler handler, Settings settings) throws Exception {
        return NettyServer.start(handler, settings);
    }
}
