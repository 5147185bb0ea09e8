package dev.lindy.netty.internal;

import dev.lindy.Settings;
import dev.lindy.internal.LogLimiter;
import dev.lindy.spi.ExchangeHandler;
import dev.lindy.internal.SchedulerLoop;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds each connection's pipeline: decoder, encoder, body collection, then Lindy's handler; or, past the
 * connection limit, a handler that answers 503 and closes.
 */
public final class ServerInitializer extends ChannelInitializer<SocketChannel> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerInitializer.class);

    private final ExchangeHandler app;
    private final Settings settings;
    private final ChannelGroup connections;
    private final AtomicInteger open = new AtomicInteger();
    // One Loop per event loop, shared by its connections.
    private final Map<EventLoop, SchedulerLoop> loops = new ConcurrentHashMap<>();

    /**
     * Creates the initializer.
     *
     * @param app the app
     * @param settings limits and timeouts
     * @param connections the open connections, for graceful shutdown
     */
    public ServerInitializer(ExchangeHandler app, Settings settings, ChannelGroup connections) {
        this.app = app;
        this.settings = settings;
        this.connections = connections;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (open.incrementAndGet() > settings.maxConnections()) {
            open.decrementAndGet();
            long skipped = LogLimiter.SHARED.admit("connection limit");
            if (skipped >= 0) {
                LOG.warn("{} connections are open, the limit; refused one with 503{}", settings.maxConnections(),
                        LogLimiter.note(skipped));
            }
            ch.pipeline().addLast("refuse", new Overloaded());
            return;
        }
        ch.closeFuture().addListener(f -> open.decrementAndGet());
        connections.add(ch);
        SchedulerLoop loop = loops.computeIfAbsent(ch.eventLoop(), l -> new SchedulerLoop(l, l::inEventLoop));
        http1(ch.pipeline(), app, settings, loop);
    }

    /**
     * Sets up an HTTP/1.1 connection's pipeline: the strict decoder, the encoder, body collection and
     * Lindy's handler. Tests build the same pipeline on an embedded channel.
     *
     * @param p the connection's pipeline
     * @param app the app
     * @param settings limits and timeouts
     * @param loop the connection's event loop as Lindy sees it
     */
    static void http1(ChannelPipeline p, ExchangeHandler app, Settings settings, SchedulerLoop loop) {
        HttpDecoderConfig decoding = new HttpDecoderConfig()
                .setMaxInitialLineLength(settings.maxRequestLineBytes())
                .setMaxHeaderSize(settings.maxHeaderBytes())
                .setMaxChunkSize(64 * 1024)
                .setAllowDuplicateContentLengths(false)
                .setStrictLineParsing(true);
        ConnectionHandler connection = new ConnectionHandler(app, settings, loop);
        p.addLast("decoder", new StrictRequestDecoder(decoding, connection));
        p.addLast("encoder", new HttpResponseEncoder());
        p.addLast("body", connection.collector());
        p.addLast("lindy", connection);
    }

    /**
     * Asks a connection to close once its answer in flight is out, or a WebSocket to close with 1001; call on
     * the channel's event loop.
     *
     * @param pipeline the connection's pipeline
     */
    public static void drain(ChannelPipeline pipeline) {
        ConnectionHandler connection = pipeline.get(ConnectionHandler.class);
        if (connection != null) {
            connection.drain();
        } else {
            WebSocketUpgrade.goingAway(pipeline);
        }
    }
}
