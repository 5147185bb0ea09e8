package dev.lindy.netty.internal;

import dev.lindy.Settings;
import dev.lindy.spi.ExchangeHandler;

/**
 * What every HTTP/1 or HTTP/2 connection of a listener shares, made once rather than for each: the
 * app, the settings and the timeouts drawn from them, the wire it runs over, and the compression choice.
 */
final class ConnectionSetup {
    final ExchangeHandler app;
    final Settings settings;
    final ConnectionHandler.Wire wire;
    final long idleNanos;
    final long headerNanos;
    final long bodyNanos;
    final long writeNanos;
    final Compression compression;

    ConnectionSetup(ExchangeHandler app, Settings settings, ConnectionHandler.Wire wire) {
        this.app = app;
        this.settings = settings;
        this.wire = wire;
        this.idleNanos = settings.idleTimeout().toNanos();
        this.headerNanos = settings.headerTimeout().toNanos();
        this.bodyNanos = settings.bodyTimeout().toNanos();
        this.writeNanos = settings.writeTimeout().toNanos();
        this.compression = new Compression(settings);
    }
}
