package dev.lindy.netty.internal;

import dev.lindy.Settings;
import dev.lindy.internal.LogLimiter;
import dev.lindy.internal.SchedulerLoop;
import dev.lindy.spi.ExchangeHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds each connection's pipeline, for HTTP/1.1 or HTTP/2, in clear text or over TLS: TLS first when the
 * listener has it, with ALPN choosing the protocol; in clear text, HTTP/2 for a client that starts with its
 * preface (prior knowledge) and HTTP/1.1 for any other. Past the connection limit, a handler that answers
 * 503 and closes.
 */
public final class ServerInitializer extends ChannelInitializer<Channel> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerInitializer.class);

    private final ExchangeHandler app;
    private final Settings settings;
    private final Connections connections;
    private final SslContext tls;
    // What the listener's connections share, by what they run over.
    private final ConnectionSetup http1;
    private final ConnectionSetup http2;
    // One Loop per event loop, shared by its connections.
    private final Map<EventLoop, SchedulerLoop> loops = new ConcurrentHashMap<>();

    /**
     * Creates the initializer of a listener.
     *
     * @param app the app
     * @param settings limits and timeouts
     * @param connections the open connections, shared by all the server's listeners: counted against the
     *     limit, and kept for graceful shutdown
     * @param tls the listener's TLS, or null for clear text
     */
    public ServerInitializer(ExchangeHandler app, Settings settings, Connections connections, SslContext tls) {
        this.app = app;
        this.settings = settings;
        this.connections = connections;
        this.tls = tls;
        this.http1 = new ConnectionSetup(app, settings, tls == null ? ConnectionHandler.Wire.PLAIN : ConnectionHandler.Wire.TLS);
        this.http2 = new ConnectionSetup(app, settings,
                new ConnectionHandler.Wire(tls == null ? "http" : "https", "HTTP/2", false));
    }

    @Override
    protected void initChannel(Channel ch) {
        if (!connections.open(ch, settings.maxConnections())) {
            long skipped = LogLimiter.SHARED.admit("connection limit");
            if (skipped >= 0) {
                LOG.warn("{} connections are open, the limit; refused one with 503{}", settings.maxConnections(),
                        LogLimiter.note(skipped));
            }
            ch.pipeline().addLast("refuse", new Overloaded(app));
            return;
        }
        SchedulerLoop loop = loops.computeIfAbsent(ch.eventLoop(), l -> new SchedulerLoop(l, l::inEventLoop));
        ChannelPipeline p = ch.pipeline();
        if (tls == null && !settings.http2()) {
            http1(p, http1, loop);
            return;
        }
        // Until the protocol is known no handler watches the clock: a client that connects and stays silent, or
        // never finishes its handshake, is closed at the idle timeout. The handler that learns the protocol
        // calls this off when it leaves the pipeline, which it does once it knows, or when the connection closes.
        Runnable close = ch::close;
        ScheduledFuture<?> silent = ch.eventLoop().schedule(close, settings.idleTimeout().toNanos(), TimeUnit.NANOSECONDS);
        if (tls != null) {
            p.addLast("tls", tls.newHandler(ch.alloc()));
            p.addLast("alpn", new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
                @Override
                public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
                    silent.cancel(false);
                    super.handlerRemoved(ctx);
                }

                // Plain HTTP sent to the TLS port, or a client that gives up on the handshake: common and
                // harmless, so not a warning with a stack trace per connection.
                @Override
                protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
                    long skipped = LogLimiter.SHARED.admit("tls handshake");
                    if (skipped >= 0) {
                        LOG.debug("TLS handshake with {} failed: {}{}", ctx.channel().remoteAddress(), cause.toString(),
                                LogLimiter.note(skipped));
                    }
                    ctx.close();
                }

                @Override
                protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                    if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                        http2(ctx.pipeline(), http2, loop);
                    } else {
                        http1(ctx.pipeline(), http1, loop);
                    }
                }
            });
        } else {
            p.addLast("preface", new PrefaceSniffer(pipeline -> http2(pipeline, http2, loop),
                    pipeline -> http1(pipeline, http1, loop), silent));
        }
    }

    /**
     * Sets up an HTTP/1.1 connection's pipeline: the strict decoder and Lindy's handler, which collects the
     * bodies, encodes whole answers itself and adds Netty's response encoder only for anything else (an
     * interim answer, a refusal, a stream, a file, a WebSocket handshake).
     * Tests build the same pipeline on an embedded channel.
     *
     * @param p the connection's pipeline
     * @param setup the app, the settings and the wire, shared by the listener's connections
     * @param loop the connection's event loop as Lindy sees it
     */
    static void http1(ChannelPipeline p, ConnectionSetup setup, SchedulerLoop loop) {
        Settings settings = setup.settings;
        HttpDecoderConfig decoding = new HttpDecoderConfig()
                .setMaxInitialLineLength(settings.maxRequestLineBytes())
                .setMaxHeaderSize(settings.maxHeaderBytes())
                .setMaxChunkSize(64 * 1024)
                .setAllowDuplicateContentLengths(false)
                .setStrictLineParsing(true);
        ConnectionHandler connection = new ConnectionHandler(setup, loop);
        p.addLast("decoder", new StrictRequestDecoder(decoding, connection));
        p.addLast("lindy", connection);
    }

    /**
     * Sets up an HTTP/2 connection: one handler, which reads the frames, keeps each stream's request and
     * writes its answer, within the limits of the settings.
     */
    static void http2(ChannelPipeline p, ConnectionSetup setup, SchedulerLoop loop) {
        p.addLast("h2", H2Connection.create(setup, loop));
    }

    /**
     * Asks a connection to close once its answer in flight is out; an HTTP/2 connection is told to take no
     * more streams (GOAWAY) and closes once its streams end; a WebSocket closes with 1001. Call on the
     * channel's event loop.
     *
     * @param pipeline the connection's pipeline
     */
    public static void drain(ChannelPipeline pipeline) {
        ConnectionHandler connection = pipeline.get(ConnectionHandler.class);
        H2Connection h2 = pipeline.get(H2Connection.class);
        if (connection != null) {
            connection.drain();
        } else if (h2 != null) {
            h2.drain();
        } else if (!WebSocketUpgrade.goingAway(pipeline)) {
            pipeline.channel().close();
        }
    }
}
