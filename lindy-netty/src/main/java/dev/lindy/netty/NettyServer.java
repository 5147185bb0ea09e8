package dev.lindy.netty;

import dev.lindy.Settings;
import dev.lindy.netty.internal.Connections;
import dev.lindy.netty.internal.ServerInitializer;
import dev.lindy.netty.internal.Tls;
import dev.lindy.netty.internal.Transport;
import dev.lindy.spi.ExchangeHandler;
import dev.lindy.spi.Server;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded, non-blocking server: HTTP/1.1 and HTTP/2, in clear text or over TLS, on one port (or
 * HTTP and HTTPS on two, or a Unix domain socket), a few event-loop threads, any number of waiting
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
    private static final String UNIX = "unix:";

    private final EventLoopGroup group;
    private final List<Channel> listeners;
    private final Connections connections;
    private final String transport;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean accepting = new AtomicBoolean(true);

    private NettyServer(EventLoopGroup group, List<Channel> listeners, Connections connections, String transport) {
        this.group = group;
        this.listeners = listeners;
        this.connections = connections;
        this.transport = transport;
    }

    /**
     * Starts a server for an app's handler, bound to the settings' host and port: HTTPS as well when the
     * settings have a certificate (on {@code tlsPort} beside plain HTTP, or alone on {@code port}), and on a
     * Unix domain socket when the host is {@code unix:/path/to.sock} (Linux, epoll).
     *
     * @param app the app's handler, from {@code App.handler()}
     * @param settings host, port, TLS, event-loop threads, limits and timeouts
     * @return the running server
     * @throws InterruptedException if interrupted while binding
     * @throws IOException if an address cannot be bound or TLS cannot start
     */
    public static NettyServer start(ExchangeHandler app, Settings settings) throws InterruptedException, IOException {
        Transport transport = Transport.best();
        boolean unix = settings.host().startsWith(UNIX);
        if (unix && !transport.name().equals("epoll")) {
            throw new IOException("a Unix domain socket (" + settings.host() + ") needs the epoll transport (Linux)");
        }
        if (unix && settings.tlsPort() >= 0) {
            throw new IOException("tls.port needs a network host; " + settings.host()
                    + " is a Unix domain socket (serve TLS on it without tls.port, or let the proxy end TLS)");
        }
        SslContext tls = Tls.context(settings);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(settings.ioThreads(),
                new DefaultThreadFactory("lindy-loop", false), transport.ioHandlers());
        Connections connections = new Connections();
        List<Channel> listeners = new ArrayList<>(2);
        try {
            boolean both = tls != null && settings.tlsPort() >= 0;
            SocketAddress main = unix ? new DomainSocketAddress(settings.host().substring(UNIX.length()))
                    : new InetSocketAddress(settings.host(), settings.port());
            if (unix) {
                removeStaleSocket(Path.of(settings.host().substring(UNIX.length())));
            }
            listeners.add(bind(group, unix ? transport.domainServerChannel() : transport.serverChannel(), main,
                    new ServerInitializer(app, settings, connections, both ? null : tls)));
            if (both) {
                listeners.add(bind(group, transport.serverChannel(), new InetSocketAddress(settings.host(), settings.tlsPort()),
                        new ServerInitializer(app, settings, connections, tls)));
            }
            NettyServer server = new NettyServer(group, listeners, connections, transport.name());
            LOG.info("Lindy listening on {} ({}, {} event loops{})", server.addresses(tls != null, both), transport.name(),
                    settings.ioThreads(), settings.http2() ? ", HTTP/2" : "");
            return server;
        } catch (Exception e) {
            listeners.forEach(Channel::close);
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            if (e instanceof InterruptedException) {
                throw (InterruptedException) e;
            }
            throw new IOException("cannot listen on " + settings.host() + ":" + settings.port() + ": " + e, e);
        }
    }

    // A socket file left by a process that died is replaced; one a live server answers on, or any other kind of
    // file, is never touched.
    private static void removeStaleSocket(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & 0170000) != 0140000) {
            throw new IOException(path + " exists and is not a socket");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            throw new IOException("another server listens on " + path);
        } catch (ConnectException stale) {
            Files.delete(path);
        }
    }

    private static Channel bind(EventLoopGroup group, Class<? extends ServerChannel> type, SocketAddress address,
            ServerInitializer initializer) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(type)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(initializer);
        if (address instanceof InetSocketAddress) {
            b.option(ChannelOption.SO_REUSEADDR, true).childOption(ChannelOption.TCP_NODELAY, true);
        }
        return b.bind(address).sync().channel();
    }

    private String addresses(boolean tls, boolean both) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < listeners.size(); i++) {
            SocketAddress a = listeners.get(i).localAddress();
            boolean secure = tls && (!both || i == 1);
            out.append(i == 0 ? "" : " and ").append(a instanceof InetSocketAddress
                    ? (secure ? "https://" : "http://") + ((InetSocketAddress) a).getHostString() + ":" + ((InetSocketAddress) a).getPort()
                    : "unix:" + a);
        }
        return out.toString();
    }

    @Override
    public int port() {
        SocketAddress a = listeners.get(0).localAddress();
        return a instanceof InetSocketAddress ? ((InetSocketAddress) a).getPort() : -1;
    }

    /**
     * Returns the port HTTPS listens on beside plain HTTP.
     *
     * @return the port, or -1 when there is no second listener
     */
    public int tlsPort() {
        return listeners.size() > 1 ? ((InetSocketAddress) listeners.get(1).localAddress()).getPort() : -1;
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
        listeners.forEach(l -> l.close().syncUninterruptibly());
        connections.forEach(c -> c.eventLoop().execute(() -> ServerInitializer.drain(c.pipeline())));
    }

    @Override
    public void stop(Duration grace) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        stopAccepting();
        try {
            if (!connections.awaitClosed(grace)) {
                LOG.warn("{} connections still busy after the {} grace period; closing them", connections.size(), grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.closeAll();
        try {
            // Closing takes a loop's turn per connection, not a network round trip.
            connections.awaitClosed(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        LOG.info("Lindy stopped");
    }
}
