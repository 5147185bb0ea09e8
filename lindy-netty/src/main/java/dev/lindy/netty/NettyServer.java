package dev.lindy.netty;

import dev.lindy.Settings;
import dev.lindy.netty.internal.ServerInitializer;
import dev.lindy.netty.internal.Transport;
import dev.lindy.spi.ExchangeHandler;
import dev.lindy.spi.Server;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded, non-blocking HTTP/1.1 server: one port, a few event-loop threads, any number of waiting
 * requests.
 *
 * <p>Apps usually start it through {@code app.start(port)}; start it directly to host an app's handler
 * with explicit settings:
 *
 * <pre>{@code
 * NettyServer server = NettyServer.start(app.handler(), Settings.builder().port(0).build());
 * int port = server.port();
 * server.stop(Duration.ofSeconds(5));
 * }</pre>
 */
public final class NettyServer implements Server {
    private static final Logger LOG = LoggerFactory.getLogger(NettyServer.class);

    private final EventLoopGroup group;
    private final Channel listener;
    private final ChannelGroup connections;
    private final String transport;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean accepting = new AtomicBoolean(true);

    private NettyServer(EventLoopGroup group, Channel listener, ChannelGroup connections, String transport) {
        this.group = group;
        this.listener = listener;
        this.connections = connections;
        this.transport = transport;
    }

    /**
     * Starts a server for an app's handler, bound to the settings' host and port.
     *
     * @param app the app's handler, from {@code App.handler()}
     * @param settings host, port, event-loop threads, limits and timeouts
     * @return the running server
     * @throws InterruptedException if interrupted while binding
     * @throws IOException if the address cannot be bound
     */
    public static NettyServer start(ExchangeHandler app, Settings settings) throws InterruptedException, IOException {
        Transport transport = Transport.best();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(settings.ioThreads(),
                new DefaultThreadFactory("lindy-loop", false), transport.ioHandlers());
        ChannelGroup connections = new DefaultChannelGroup("lindy-connections", GlobalEventExecutor.INSTANCE);
        try {
            Channel listener = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ServerInitializer(app, settings, connections))
                    .bind(new InetSocketAddress(settings.host(), settings.port()))
                    .sync()
                    .channel();
            NettyServer server = new NettyServer(group, listener, connections, transport.name());
            LOG.info("Lindy listening on {}:{} ({}, {} event loops)", settings.host(), server.port(),
                    transport.name(), settings.ioThreads());
            return server;
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            if (e instanceof InterruptedException) {
                throw (InterruptedException) e;
            }
            throw new IOException("cannot listen on " + settings.host() + ":" + settings.port() + ": " + e, e);
        }
    }

    @Override
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /**
     * Returns the socket transport in use.
     *
     * @return {@code epoll} or {@code nio}
     */
    public String transport() {
        return transport;
    }

    @Override
    public void stopAccepting() {
        if (!accepting.compareAndSet(true, false)) {
            return;
        }
        listener.close().syncUninterruptibly();
        for (Channel c : connections) {
            c.eventLoop().execute(() -> ServerInitializer.drain(c.pipeline()));
        }
    }

    @Override
    public void stop(Duration grace) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        stopAccepting();
        try {
            if (!connections.newCloseFuture().await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} connections still busy after the {} grace period; closing them", connections.size(), grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        LOG.info("Lindy stopped");
    }
}
