package dev.lindy.netty.internal;

import dev.lindy.internal.LogLimiter;
import dev.lindy.internal.SchedulerLoop;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamVisitor;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 connection. Netty's codec reads the frames and calls this handler, which keeps each request's
 * state ({@link H2Stream}) as a property of Netty's stream and writes answers to the codec's encoder: no
 * channel, pipeline or translation to HTTP/1 objects per stream. Answers written while the connection reads
 * go out in the one flush that ends the read.
 *
 * <p>Limits: concurrent streams and header list size as advertised in its settings, resets per window
 * (CVE-2023-44487, rapid reset). One timer per connection checks its streams' deadlines (body, write) and
 * closes the connection when no stream has been open for the idle timeout: frames on the connection itself
 * (PING, SETTINGS, WINDOW_UPDATE) do not keep it open. The connection's receive window is twice as large as
 * all its streams' windows together: Netty opens it again once half of it is used, so streams holding their
 * windows shut (their uploads' disk fell behind) never hold the others back. A bug met while handling one
 * stream resets that stream only.
 *
 * <p>Everything here runs on the channel's event loop, except {@link #isActive} and {@link #onLoop}.
 */
final class H2Connection extends Http2ConnectionHandler implements Http2FrameListener {
    private static final Logger LOG = LoggerFactory.getLogger(H2Connection.class);
    // HTTP/2 streams reset faster than this are an attack (CVE-2023-44487): the connection is closed.
    private static final int MAX_RESETS = 200;
    private static final int RESET_WINDOW_SECONDS = 30;

    final ConnectionSetup setup;
    final SchedulerLoop loop;
    private final Http2Connection.PropertyKey streamKey;
    private final Http2StreamVisitor checkStream;
    private ChannelHandlerContext ctx;
    // Between a read's first frame and its end, when one flush sends every answer the read produced; a task
    // sends them should a read end without its end being signalled.
    private boolean reading;
    private boolean flushOwed;
    private boolean flushTaskQueued;
    private final Runnable owedFlush = this::flushOwed;
    private boolean windowOpened;
    // The server is stopping: GOAWAY was sent, and the connection closes once its streams have ended.
    private boolean draining;
    private ScheduledFuture<?> tick;
    private long idleSince = System.nanoTime();
    private long checkedAt;
    // What the channel's outbound buffer looked like at the last tick, and since when.
    private long outboundSignature = -1;
    private long outboundSince;

    private H2Connection(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings,
            ConnectionSetup setup, SchedulerLoop loop) {
        super(decoder, encoder, settings);
        this.setup = setup;
        this.loop = loop;
        this.streamKey = connection().newKey();
        this.checkStream = stream -> {
            H2Stream s = stream.getProperty(streamKey);
            if (s != null) {
                try {
                    s.checkDeadlines(checkedAt);
                } catch (RuntimeException e) {
                    streamFailed(stream.id(), e);
                }
            }
            return true;
        };
        connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                H2Stream s = stream.removeProperty(streamKey);
                if (s != null) {
                    try {
                        s.closed();
                    } catch (RuntimeException e) {
                        LOG.error("ending a stream's exchange failed", e);
                    }
                }
                if (connection().numActiveStreams() == 0) {
                    idleSince = System.nanoTime();
                    if (draining) {
                        closeAfterWrites();
                    }
                }
            }
        });
    }

    /**
     * Makes the handler of one connection.
     *
     * @param setup what the listener's connections share
     * @param loop the connection's event loop as Lindy sees it
     */
    static H2Connection create(ConnectionSetup setup, SchedulerLoop loop) {
        return new Builder(setup, loop).build();
    }

    private static final class Builder extends AbstractHttp2ConnectionHandlerBuilder<H2Connection, Builder> {
        private final ConnectionSetup setup;
        private final SchedulerLoop loop;

        Builder(ConnectionSetup setup, SchedulerLoop loop) {
            this.setup = setup;
            this.loop = loop;
            initialSettings(Http2Settings.defaultSettings()
                    .maxConcurrentStreams(setup.settings.maxConcurrentStreams())
                    .maxHeaderListSize(setup.settings.maxHeaderBytes()));
            decoderEnforceMaxRstFramesPerWindow(MAX_RESETS, RESET_WINDOW_SECONDS);
            // A close from elsewhere (the idle timeout, a protocol error) waits this long for open streams; the
            // server's drain has its own course (see drain).
            gracefulShutdownTimeoutMillis(setup.settings.shutdownGrace().toMillis());
        }

        @Override
        protected H2Connection build() {
            return super.build();
        }

        @Override
        protected H2Connection build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                Http2Settings initialSettings) {
            H2Connection handler = new H2Connection(decoder, encoder, initialSettings, setup, loop);
            decoder.frameListener(handler);
            return handler;
        }
    }

    // ---- the connection ------------------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        super.handlerAdded(ctx);
        if (ctx.channel().isActive()) {
            openWindow();
        }
        long shortest = Math.min(setup.idleNanos, Math.min(setup.bodyNanos, setup.writeNanos));
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), shortest / 4);
        tick = ctx.executor().scheduleWithFixedDelay(this::checkDeadlines, period, period, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        openWindow();
    }

    // After the preface, which Netty sends when the handler joins an active channel or the channel activates.
    private void openWindow() {
        if (windowOpened) {
            return;
        }
        windowOpened = true;
        int streamWindow = Http2CodecUtil.DEFAULT_WINDOW_SIZE;
        long all = 2L * streamWindow * Math.max(1, setup.settings.maxConcurrentStreams());
        int delta = (int) Math.min(Integer.MAX_VALUE - streamWindow, all - streamWindow);
        if (delta > 0) {
            try {
                decoder().flowController().incrementWindowSize(connection().connectionStream(), delta);
            } catch (Http2Exception e) {
                onError(ctx, true, e);
            }
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        stopTicking();
        super.handlerRemoved0(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stopTicking();
        // Netty closes every stream here, and each one's exchange hears of it.
        super.channelInactive(ctx);
    }

    private void stopTicking() {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        reading = true;
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        reading = false;
        flushOwed = false;
        // Netty's handler flushes here: the answers written during the read go out together.
        super.channelReadComplete(ctx);
    }

    // A task runs only between reads: anything a read left unflushed goes now.
    private void flushOwed() {
        flushTaskQueued = false;
        reading = false;
        if (flushOwed) {
            flushOwed = false;
            flush(ctx);
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
        if (draining) {
            // The end of the drain's grace: the streams still open are ended with the connection.
            ctx.close(promise);
        } else {
            super.close(ctx, promise);
        }
    }

    /**
     * The server stops: GOAWAY tells the client to open no more streams, the open ones go on (the app ends
     * them by the grace deadline), and the connection closes once they have ended; closing it before that is
     * immediate.
     */
    void drain() {
        if (draining) {
            return;
        }
        draining = true;
        goAway(ctx, connection().remote().lastStreamCreated(), Http2Error.NO_ERROR.code(), Unpooled.EMPTY_BUFFER,
                ctx.newPromise());
        flush(ctx);
        if (connection().numActiveStreams() == 0) {
            closeAfterWrites();
        }
    }

    // Closing over bytes the client still sends would make the kernel reset the connection, which can destroy
    // the last answers before the client reads them: the connection lingers, as an HTTP/1 one does.
    private void closeAfterWrites() {
        flush(ctx);
        Lingering.after(ctx.writeAndFlush(Unpooled.EMPTY_BUFFER));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) != null) {
            // A protocol error: Netty answers it with a reset stream or a GOAWAY.
            super.exceptionCaught(ctx, cause);
        } else if (cause instanceof IOException) {
            LOG.debug("connection error from {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            LOG.warn("unexpected error on HTTP/2 connection from {}", ctx.channel().remoteAddress(), cause);
            ctx.close();
        }
    }

    // What goes wrong here closes this connection, never the timer of every other one.
    private void checkDeadlines() {
        try {
            checkDeadlines(System.nanoTime());
        } catch (Throwable t) {
            ctx.close();
            long skipped = LogLimiter.SHARED.admit("connection sweep");
            if (skipped >= 0) {
                LOG.error("checking an HTTP/2 connection's deadlines failed; closed it{}", LogLimiter.note(skipped), t);
            }
        }
    }

    private void checkDeadlines(long now) {
        long signature = ConnectionHandler.outboundSignature(ctx.channel());
        if (signature != outboundSignature) {
            outboundSignature = signature;
            outboundSince = now;
        } else if (signature != -1 && now - outboundSince >= setup.writeNanos) {
            // The client stopped reading the socket itself: no frame, not even GOAWAY, would reach it.
            LOG.debug("closing an HTTP/2 connection whose client stopped reading: {}", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        if (connection().numActiveStreams() == 0) {
            if (now - idleSince >= setup.idleNanos) {
                LOG.debug("closing idle HTTP/2 connection from {}", ctx.channel().remoteAddress());
                ctx.channel().close();
            }
            return;
        }
        checkedAt = now;
        try {
            connection().forEachActiveStream(checkStream);
        } catch (Http2Exception e) {
            // The visitor throws nothing of its own.
            ctx.close();
        }
    }

    // ---- what a stream asks of its connection ---------------------------------------------------------

    /** Tells whether the connection is open. */
    boolean isActive() {
        return ctx.channel().isActive();
    }

    Channel channel() {
        return ctx.channel();
    }

    ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    void onLoop(Runnable task) {
        if (loop.inLoop()) {
            task.run();
        } else {
            ctx.channel().eventLoop().execute(task);
        }
    }

    /** Writes a stream's headers (a final answer's or an interim one's). */
    ChannelFuture writeHeaders(int streamId, Http2Headers headers, boolean endStream) {
        ChannelPromise promise = ctx.newPromise();
        encoder().writeHeaders(ctx, streamId, headers, 0, endStream, promise);
        return promise;
    }

    /** Writes a piece of a stream's body; its future completes once flow control let the bytes out. */
    ChannelFuture writeData(int streamId, ByteBuf data, boolean endStream) {
        ChannelPromise promise = ctx.newPromise();
        encoder().writeData(ctx, streamId, data, 0, endStream, promise);
        return promise;
    }

    /** Resets a stream, which closes it. */
    void reset(int streamId, Http2Error error) {
        resetStream(ctx, streamId, error.code(), ctx.newPromise());
        flushUnlessReading();
    }

    /** Lets the client send more on a stream: the body's bytes it sent were taken. */
    void consumed(Http2Stream stream, int bytes) {
        try {
            decoder().flowController().consumeBytes(stream, bytes);
        } catch (Http2Exception e) {
            onError(ctx, false, e);
        }
        flushUnlessReading();
    }

    /** Sends what was written, unless a read is under way, whose end sends it with the rest. */
    void flushUnlessReading() {
        if (!reading) {
            flush(ctx);
            return;
        }
        flushOwed = true;
        if (!flushTaskQueued) {
            flushTaskQueued = true;
            ctx.executor().execute(owedFlush);
        }
    }

    /** Something failed while handling one stream: it is reset, and the connection's other streams go on. */
    void streamFailed(int streamId, Throwable t) {
        long skipped = LogLimiter.SHARED.admit("http2 stream");
        if (skipped >= 0) {
            LOG.error("handling an HTTP/2 stream failed; reset it{}", LogLimiter.note(skipped), t);
        }
        reset(streamId, Http2Error.INTERNAL_ERROR);
    }

    /** Returns the stream's window for what the server sends: it moves when the stream's bytes do. */
    int sendWindow(Http2Stream stream) {
        return encoder().flowController().windowSize(stream);
    }

    // ---- frames read ---------------------------------------------------------------------------------

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
            boolean endOfStream) {
        Http2Stream stream = connection().stream(streamId);
        if (stream == null) {
            return;
        }
        try {
            H2Stream s = stream.getProperty(streamKey);
            if (s == null) {
                s = new H2Stream(this, stream);
                stream.setProperty(streamKey, s);
                s.head(headers, endOfStream);
            } else if (endOfStream) {
                // Trailers end the body; their fields are not part of the request Lindy hands the app.
                s.bodyEnded();
            }
        } catch (RuntimeException e) {
            streamFailed(streamId, e);
        }
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
            short weight, boolean exclusive, int padding, boolean endOfStream) {
        onHeadersRead(ctx, streamId, headers, padding, endOfStream);
    }

    @Override
    public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
        Http2Stream stream = connection().stream(streamId);
        H2Stream s = stream == null ? null : stream.getProperty(streamKey);
        if (s != null) {
            try {
                return s.data(data, padding, endOfStream);
            } catch (RuntimeException e) {
                streamFailed(streamId, e);
            }
        }
        return data.readableBytes() + padding;
    }

    @Override
    public void onPriorityRead(ChannelHandlerContext ctx, int streamId, int streamDependency, short weight,
            boolean exclusive) {
    }

    @Override
    public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
    }

    @Override
    public void onSettingsAckRead(ChannelHandlerContext ctx) {
    }

    @Override
    public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
    }

    @Override
    public void onPingRead(ChannelHandlerContext ctx, long data) {
    }

    @Override
    public void onPingAckRead(ChannelHandlerContext ctx, long data) {
    }

    @Override
    public void onPushPromiseRead(ChannelHandlerContext ctx, int streamId, int promisedStreamId, Http2Headers headers,
            int padding) {
    }

    @Override
    public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
    }

    @Override
    public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int windowSizeIncrement) {
    }

    @Override
    public void onUnknownFrame(ChannelHandlerContext ctx, byte frameType, int streamId, Http2Flags flags,
            ByteBuf payload) {
    }
}
