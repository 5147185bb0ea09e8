package dev.lindy.netty.internal;

import dev.lindy.Settings;
import dev.lindy.http.FileBody;
import dev.lindy.http.Headers;
import dev.lindy.http.Method;
import dev.lindy.http.Request;
import dev.lindy.http.Response;
import dev.lindy.http.Status;
import dev.lindy.internal.BodySpool;
import dev.lindy.internal.LogLimiter;
import dev.lindy.internal.SchedulerLoop;
import dev.lindy.spi.ExchangeHandler;
import dev.lindy.spi.WebSocketHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 connection: turns decoded requests into exchanges one at a time (pipelined requests wait
 * their turn, so answers go out in order), writes their answers, keeps the connection alive or closes it,
 * and guards it with the idle and header-read timeouts. Everything here runs on the channel's event loop.
 */
final class ConnectionHandler extends BodyCollector implements Carrier {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);
    // Stop reading from a client that pipelines more than this many requests, or bytes of bodies, ahead of
    // the answers; reading resumes once the answers have caught up.
    private static final int MAX_QUEUED = 16;
    private static final long MAX_QUEUED_BYTES = 1024 * 1024;
    private static final int FILE_CHUNK = 64 * 1024;

    // Lindy's Headers validated every name and value already; Netty need not check them again.
    private static final HttpHeadersFactory RESPONSE_HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final HttpHeadersFactory TRAILERS = DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

    // Answers written before one flush, as Netty's FlushConsolidationHandler does: those of one read's
    // requests, or of pipelined requests waiting their turn.
    private static final int MAX_UNFLUSHED = 16;
    // A batch starts with room for about that many small answers, and grows when an answer needs more; past
    // the limit, the next answer is written on its own, which the channel's outbound buffer, and so its
    // writability, counts.
    private static final int BATCH_BYTES = 4096;
    private static final int MAX_BATCH_BYTES = 64 * 1024;
    private static final InetSocketAddress UNIX_PEER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final ConnectionSetup setup;
    // What the outbound buffer looked like at the last tick, and since when: an answer whose bytes stop
    // leaving (a client that stopped reading) closes the connection after the write timeout.
    private long outboundSignature = -1;
    private long outboundSince;
    // Requests waiting their turn behind the one in flight (pipelined), and refusals: the first in a field,
    // the rest, which few connections ever have, in a deque made when needed.
    private Object waiting;
    private ArrayDeque<Object> waitingMore;
    private int unflushed;
    // The answers given since the last write to the channel, encoded one behind the other: one buffer, and
    // one piece of the socket's write, for all of them. Null or empty when none waits.
    private ByteBuf batch;
    // Between a read's first request and its end, whose flush sends the answers given during the read; over
    // TLS a task sends them should the read end without saying so.
    private boolean reading;
    private boolean flushTaskQueued;
    // Closing once the answers already given are out: no request is read or started any more.
    private boolean closing;
    private ChannelHandlerContext ctx;
    // HTTP/1: Netty's response encoder, once something other than a whole answer was written.
    private ChannelHandlerContext encoder;
    private final SchedulerLoop loop;
    private NettyExchange current;
    // This connection's place in its loop's sweep, which checks the deadlines below now and then.
    private ConnectionSweep sweep;
    boolean inSweep;
    ConnectionHandler sweepPrev;
    ConnectionHandler sweepNext;
    private long queuedBytes;
    // When the connection closes for idleness, or answers 408 for slow headers; 0 when not counting.
    private long idleDeadline;
    private long headDeadline;
    // Between a request's head and the end of its body: the body must keep coming, and come whole in time.
    private boolean readingBody;
    private long bodyStallDeadline;
    private long bodyDeadline;
    // A 100 Continue owed to the request whose body is awaited, sent once the requests before it are answered.
    private HttpVersion continueOwed;
    private boolean draining;
    // An HTTP/1 connection answered a refusal: it takes no more requests and closes.
    private boolean refused;
    // Reading stops for two reasons: answers behind (too much queued, or a rejection pending) and an
    // upload's disk falling behind; it resumes when neither holds.
    private boolean queueHold;
    private boolean spoolHold;

    ConnectionHandler(ExchangeHandler app, Settings settings, SchedulerLoop loop) {
        this(app, settings, loop, Wire.PLAIN);
    }

    /**
     * What a connection runs over, which decides the request's scheme and version and how files go out.
     *
     * @param scheme {@code http} or {@code https}
     * @param version the protocol the requests report, or null for the one in their request line
     * @param zeroCopy whether files go to the socket as they are (plain TCP), or in chunks (TLS, HTTP/2)
     */
    record Wire(String scheme, String version, boolean zeroCopy) {
        static final Wire PLAIN = new Wire("http", null, true);
        static final Wire TLS = new Wire("https", null, false);

        /** Tells whether the connection is encrypted. */
        boolean tls() {
            return scheme.equals("https");
        }
    }

    ConnectionHandler(ExchangeHandler app, Settings settings, SchedulerLoop loop, Wire wire) {
        this(new ConnectionSetup(app, settings, wire), loop);
    }

    /**
     * Creates the handler of one connection.
     *
     * @param setup what the listener's connections share
     * @param loop the connection's event loop as Lindy sees it
     */
    ConnectionHandler(ConnectionSetup setup, SchedulerLoop loop) {
        this.setup = setup;
        this.loop = loop;
    }

    @Override
    Settings settings() {
        return setup.settings;
    }

    // ---- pipeline events -----------------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            // Added once the protocol was known (after TLS and ALPN, or the preface): active already.
            startTicking();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        startTicking();
        ctx.fireChannelActive();
    }

    // The loop's sweep checks the deadlines now and then: requests only move the deadlines, so no timer is
    // scheduled or cancelled per request, nor per connection.
    private void startTicking() {
        if (sweep != null) {
            return;
        }
        long shortest = Math.min(Math.min(setup.idleNanos, setup.headerNanos),
                Math.min(setup.bodyNanos, setup.writeNanos));
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), shortest / 4);
        sweep = ConnectionSweep.of(ctx.channel().eventLoop());
        sweep.add(this, period);
        idleDeadline = System.nanoTime() + setup.idleNanos;
    }

    private void stopTicking() {
        if (sweep != null) {
            sweep.remove(this);
        }
    }

    /** The sweep's check of this connection failed: it goes, so that nothing it holds waits forever. */
    void closeAfterFailure() {
        stopTicking();
        ctx.close();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stopTicking();
        dropBatch();
    }

    /** Bytes arrived: a body in progress moves its stall deadline; a new request starts its header timeout. */
    void bytesArrived() {
        if (readingBody) {
            bodyStallDeadline = System.nanoTime() + setup.idleNanos;
        } else if (current == null && waiting == null && headDeadline == 0) {
            idleDeadline = 0;
            headDeadline = System.nanoTime() + setup.headerNanos;
        }
    }


    /** A request's head is complete: its body, if any, must keep coming and be whole within the body timeout. */
    @Override
    void headArrived() {
        long now = System.nanoTime();
        headDeadline = 0;
        idleDeadline = 0;
        readingBody = true;
        bodyStallDeadline = now + setup.idleNanos;
        bodyDeadline = now + setup.bodyNanos;
    }

    /**
     * Closes or refuses what has waited too long; the loop's sweep calls it now and then.
     *
     * @param now the sweep's reading of {@link System#nanoTime()}
     */
    void checkDeadlines(long now) {
        if (writeStalled(now)) {
            LOG.debug("closing a connection whose client stopped reading: {}", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        if (refused) {
            // Lingering after a refusal: no request, body or idle clock applies any more.
            return;
        }
        if (readingBody && (continueOwed != null || !ctx.channel().config().isAutoRead())) {
            // The server holds the client back (a 100 Continue not yet due, or reading paused behind the
            // answers): the body's clocks start again when the server lets it come.
            return;
        }
        if (readingBody && (now - bodyDeadline >= 0 || now - bodyStallDeadline >= 0)) {
            bodyTimedOut(now - bodyDeadline >= 0
                    ? "The request body did not arrive within " + setup.bodyNanos / 1_000_000_000 + " s."
                    : "The request body stopped arriving.");
        } else if (headDeadline != 0 && now - headDeadline >= 0) {
            headDeadline = 0;
            headerTimedOut();
        } else if (idleDeadline != 0 && now - idleDeadline >= 0 && current == null && waiting == null) {
            if (unflushed != 0 || outboundSignature(ctx.channel()) != -1) {
                // The last answer is given but not yet out: the idle time starts once it is (a reader that
                // stops taking it is the write timeout's).
                idleDeadline = now + setup.idleNanos;
                return;
            }
            idleDeadline = 0;
            LOG.debug("closing idle connection from {}", ctx.channel().remoteAddress());
            ctx.close();
        }
    }

    // The 408 waits its turn behind the requests before it, like any answer, and then closes the connection.
    private void bodyTimedOut(String reason) {
        readingBody = false;
        continueOwed = null;
        abandonBody();
        enqueue(new Rejection(408, reason));
        holdForQueue();
        pump();
    }

    private boolean writeStalled(long now) {
        long signature = outboundSignature(ctx.channel());
        if (signature == -1) {
            outboundSignature = -1;
            return false;
        }
        if (signature != outboundSignature) {
            outboundSignature = signature;
            outboundSince = now;
            return false;
        }
        return now - outboundSince >= setup.writeNanos;
    }

    /**
     * Returns a number that changes whenever bytes leave a channel's outbound buffer or join it, or -1 when the
     * buffer is empty: a signature that stays the same over the write timeout means a client that stopped
     * reading.
     */
    static long outboundSignature(Channel channel) {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        if (out == null || out.isEmpty()) {
            return -1;
        }
        return out.size() * 1_000_003L + out.totalPendingWriteBytes() * 31 + out.currentProgress();
    }

    /** A request expects {@code 100 Continue}: send it now if the request is next in line, else when it is. */
    @Override
    void expectContinue(HttpVersion version) {
        if (current == null && waiting == null) {
            writeContinue(version);
        } else {
            continueOwed = version;
        }
    }

    /** The client sent its body without waiting for the interim answer. */
    @Override
    void continueNotNeeded() {
        if (continueOwed != null) {
            continueOwed = null;
            restartBodyClocks();
        }
    }

    private void writeContinue(HttpVersion version) {
        flushWithNext();
        objectsOut().writeAndFlush(new DefaultFullHttpResponse(version, HttpResponseStatus.CONTINUE));
        restartBodyClocks();
    }

    // The client may send its body from now on: its time starts now.
    private void restartBodyClocks() {
        if (readingBody) {
            long now = System.nanoTime();
            bodyStallDeadline = now + setup.idleNanos;
            bodyDeadline = now + setup.bodyNanos;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        collect(ctx, msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        flushAnswers();
        ctx.fireChannelReadComplete();
    }

    private void flushAnswers() {
        if (unflushed > 0) {
            flushWithNext();
            wire().flush();
        }
    }

    // The write that follows is flushed: the answers waiting for a flush are written ahead of it, and go
    // with it.
    private void flushWithNext() {
        unflushed = 0;
        writeBatch();
    }

    private void writeBatch() {
        if (batch != null) {
            ByteBuf answers = batch;
            batch = null;
            wire().write(answers, ctx.voidPromise());
        }
    }

    // Where whole answers' bytes are written: past the response encoder, if there is one, and past the
    // chunked writer a file over TLS adds. That writer holds nothing by then: the answer before finished only
    // once its file's last chunk had left the writer's queue.
    private ChannelHandlerContext wire() {
        return encoder != null ? encoder : ctx;
    }

    private void dropBatch() {
        if (batch != null) {
            batch.release();
            batch = null;
        }
    }

    // A task runs only between reads. SslHandler can pass on bytes it decrypted outside a read (when its
    // handshake ends), with no end of read after them.
    private void flushAfterRead() {
        flushTaskQueued = false;
        reading = false;
        flushAnswers();
    }

    /** A whole request, or a refusal in its place, from the body collector. */
    @Override
    void take(Object msg) {
        readingBody = false;
        if (closing) {
            if (msg instanceof BodyCollector.Collected && ((BodyCollector.Collected) msg).body() != null) {
                ((BodyCollector.Collected) msg).body().discard();
            }
            return;
        }
        if (msg instanceof Rejection) {
            enqueue(msg);
            // Nothing more is read until the refusal goes out; then the connection lingers (dropping what the
            // client still sends) and closes.
            holdForQueue();
        } else if (msg instanceof BodyCollector.Collected) {
            BodyCollector.Collected collected = (BodyCollector.Collected) msg;
            enqueue(collected);
            queuedBytes += collected.memoryBytes();
            if ((waitingMore != null && waitingMore.size() >= MAX_QUEUED) || queuedBytes > MAX_QUEUED_BYTES) {
                holdForQueue();
            }
        } else {
            return;
        }
        pump();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stopTicking();
        dropBatch();
        abandonBody();
        clearQueue();
        NettyExchange ex = current;
        current = null;
        if (ex != null) {
            ex.closed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            // The connection itself broke: nothing more reaches the client.
            LOG.debug("connection error from {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            LOG.warn("unexpected error on connection from {}", ctx.channel().remoteAddress(), cause);
            closeAfterAnswers();
        }
    }

    // Closes once the answers already given are out: closing at once would drop those not yet flushed, or not
    // yet taken by the socket. The empty write queues behind them.
    // Nothing more is read or started meanwhile: an answer given after the empty write would be lost.
    private void closeAfterAnswers() {
        if (closing) {
            return;
        }
        closing = true;
        flushWithNext();
        ctx.channel().config().setAutoRead(false);
        clearQueue();
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    // ---- requests ------------------------------------------------------------------------------------

    private Object accept(BodyCollector.Collected collected) {
        HttpRequest msg = collected.head();
        BodySpool spool = collected.body();
        if (spool != null && spool.failure() != null) {
            spool.discard();
            LOG.warn("could not store an upload from {}: {}", ctx.channel().remoteAddress(), spool.failure().toString());
            return new Rejection(500, "The server could not store the request body.");
        }
        try {
            HttpHeaders in = msg.headers();
            String[] fields = new String[in.size() * 2];
            int n = 0;
            for (Iterator<Map.Entry<CharSequence, CharSequence>> it = in.iteratorCharSequence(); it.hasNext();) {
                Map.Entry<CharSequence, CharSequence> h = it.next();
                fields[n++] = h.getKey().toString();
                fields[n++] = h.getValue().toString();
            }
            Request.Builder request = Request.builder()
                    .method(Method.of(msg.method().name()))
                    .target(msg.uri())
                    .headers(Headers.of(n == fields.length ? fields : Arrays.copyOf(fields, n)))
                    .version(msg.protocolVersion().text())
                    .scheme(setup.wire.scheme())
                    .remoteAddress(inet(ctx.channel().remoteAddress()))
                    .localAddress(inet(ctx.channel().localAddress()));
            if (spool != null) {
                spool.into(request);
            }
            return new NettyExchange(this, request.build(), keepAlive(msg.protocolVersion(), fields, n),
                    msg.protocolVersion());
        } catch (IllegalArgumentException e) {
            if (spool != null) {
                spool.discard();
            }
            return new Rejection(400, e.getMessage());
        }
    }

    // What HttpUtil.isKeepAlive says, read from the fields as copied instead of looked up in Netty's headers.
    private static boolean keepAlive(HttpVersion version, String[] fields, int n) {
        boolean keepAlive = version.isKeepAliveDefault();
        for (int i = 0; i < n; i += 2) {
            if (fields[i].length() == 10 && fields[i].equalsIgnoreCase("Connection")) {
                if (WholeAnswer.lists(fields[i + 1], "close")) {
                    return false;
                }
                keepAlive = keepAlive || WholeAnswer.lists(fields[i + 1], "keep-alive");
            }
        }
        return keepAlive;
    }

    // Requests never handed to the app still own their spooled bodies.
    private void clearQueue() {
        for (Object o = dequeue(); o != null; o = dequeue()) {
            if (o instanceof BodyCollector.Collected && ((BodyCollector.Collected) o).body() != null) {
                ((BodyCollector.Collected) o).body().discard();
            }
        }
    }

    private void enqueue(Object request) {
        if (waiting == null) {
            waiting = request;
        } else {
            if (waitingMore == null) {
                waitingMore = new ArrayDeque<>(4);
            }
            waitingMore.add(request);
        }
    }

    private Object dequeue() {
        Object first = waiting;
        waiting = waitingMore == null ? null : waitingMore.poll();
        return first;
    }

    // A peer on a Unix domain socket is on this machine, as a loopback peer is: trustedProxies lists it as
    // 127.0.0.1, so a proxy on the same host can pass the client's address and scheme on.
    static InetSocketAddress inet(SocketAddress address) {
        if (address instanceof InetSocketAddress) {
            return (InetSocketAddress) address;
        }
        return address instanceof DomainSocketAddress ? UNIX_PEER : null;
    }

    /** Classifies a decoding failure: the right 4xx and a one-line reason. */
    static Rejection rejection(Throwable cause) {
        if (cause instanceof StrictRequestDecoder.VersionNotSupported) {
            return new Rejection(505, "This server speaks HTTP/1.0 and HTTP/1.1 on this connection.");
        }
        if (cause instanceof TooLongHttpLineException) {
            return new Rejection(414, "The request line is longer than the limit.");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new Rejection(431, "The request headers are larger than the limit.");
        }
        return new Rejection(400, cause == null ? "Malformed request." : "Malformed request: " + cause.getMessage());
    }

    /** Starts the next queued request when none is in flight. */
    private void pump() {
        if (current != null || closing) {
            return;
        }
        Object head = waiting;
        if (head instanceof BodyCollector.Collected && ((BodyCollector.Collected) head).body() != null
                && !((BodyCollector.Collected) head).body().isStored()) {
            // The upload's last bytes are still on their way to the disk: its turn comes when they land.
            return;
        }
        Object next = dequeue();
        if (next instanceof BodyCollector.Collected) {
            queuedBytes -= ((BodyCollector.Collected) next).memoryBytes();
            next = accept((BodyCollector.Collected) next);
        }
        if (next == null) {
            queuedBytes = 0;
            if (draining) {
                closeAfterAnswers();
            } else {
                queueHold = false;
                applyReading();
                headDeadline = 0;
                idleDeadline = System.nanoTime() + setup.idleNanos;
                if (continueOwed != null) {
                    writeContinue(continueOwed);
                    continueOwed = null;
                }
            }
            return;
        }
        idleDeadline = 0;
        headDeadline = 0;
        if (next instanceof Rejection) {
            Rejection r = (Rejection) next;
            writeRejection(r);
            return;
        }
        NettyExchange ex = (NettyExchange) next;
        current = ex;
        try {
            setup.app.handle(ex);
        } catch (Throwable t) {
            LOG.error("the app failed to take {}", ex.request(), t);
            ex.respond(Response.of(500, "The server failed to answer this request."));
        }
    }

    private void writeRejection(Rejection r) {
        clearQueue();
        int status = r.status();
        byte[] body = (status + " " + Status.reason(status) + ": " + r.reason() + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status, Status.reason(status)), Unpooled.wrappedBuffer(body));
        res.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.DATE, HttpDates.now())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        refused = true;
        flushWithNext();
        Lingering.after(objectsOut().writeAndFlush(res));
        tellRefused(setup.app, ctx.channel(), r.request(), status, body.length);
    }

    /**
     * Tells the app of a refusal, for its access log, once the refusal is on its way: what the app does
     * wrong there never keeps the answer from the client.
     */
    static void tellRefused(ExchangeHandler app, Channel channel, String requestLine, int status, long bytes) {
        try {
            app.refused(inet(channel.remoteAddress()), requestLine, status, bytes);
        } catch (RuntimeException e) {
            long skipped = LogLimiter.SHARED.admit("refused");
            if (skipped >= 0) {
                LOG.error("the app failed to take note of a refused request{}", LogLimiter.note(skipped), e);
            }
        }
    }

    private void headerTimedOut() {
        if (current == null && ctx.channel().isActive()) {
            LOG.debug("header timeout from {}", ctx.channel().remoteAddress());
            writeRejection(new Rejection(408, "The request headers did not arrive in time."));
        }
    }

    // ---- reading, held back and let go ------------------------------------------------------------------

    private void holdForQueue() {
        queueHold = true;
        applyReading();
    }

    /** An upload's disk fell behind its bytes: stop reading until it catches up. */
    @Override
    void spoolFallsBehind() {
        spoolHold = true;
        applyReading();
    }

    /** The disk caught up with an upload: reading may resume. */
    @Override
    void spoolCaughtUp() {
        spoolHold = false;
        applyReading();
    }

    /** An upload's last bytes reached the disk: its request may be next. */
    @Override
    void spoolStored() {
        pump();
    }

    private void applyReading() {
        boolean read = !queueHold && !spoolHold && !closing && ctx.channel().isActive();
        if (read != ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(read);
            if (read) {
                restartBodyClocks();
            }
        }
    }

    // ---- responses -----------------------------------------------------------------------------------

    @Override
    public void send(NettyExchange ex, Response response) {
        if (ex != current || !ctx.channel().isActive()) {
            if (response.file() != null) {
                response.file().close();
            }
            return;
        }
        if (response.file() != null) {
            sendFile(ex, response);
            return;
        }
        WholeAnswer.Body body = WholeAnswer.body(setup.compression, ex.request(), ex.head(), response);
        boolean keepAlive = ex.keepAlive && !draining;
        String connection = !keepAlive ? "close" : ex.version().equals(HttpVersion.HTTP_1_0) ? "keep-alive" : null;
        // This answer goes out with others in one flush: at the end of the read that brought its request, or,
        // for pipelined requests waiting their turn, once the next one defers, the queue empties, or enough
        // answers are written. A client that does not take its answers stops the batch: the next answer waits
        // for its write, as does the request after it.
        boolean batched = keepAlive && (reading || waiting != null) && unflushed < MAX_UNFLUSHED
                && (batch == null || batch.readableBytes() < MAX_BATCH_BYTES) && ctx.channel().isWritable();
        ByteBuf bytes;
        try {
            if (batched) {
                if (batch == null) {
                    batch = ctx.alloc().buffer(BATCH_BYTES);
                }
                bytes = WholeAnswer.encode(batch, ex.version(), response.status(), response.headers(), body.coding(),
                        body.length(), connection, HttpDates.now(), body.sent());
            } else {
                bytes = WholeAnswer.encode(ctx.alloc(), ex.version(), response.status(), response.headers(),
                        body.coding(), body.length(), connection, HttpDates.now(), body.sent());
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            // The client waits for this answer, which cannot be sent (no direct memory left for its bytes,
            // say): the ones before it go, then the connection.
            LOG.error("could not encode an answer to {}; closing the connection", ctx.channel().remoteAddress(), e);
            ex.completed();
            finished(ex, false);
            return;
        }
        ex.completed();
        if (batched) {
            if (bytes != null) {
                // A body too large to copy, right behind its head.
                writeBatch();
                wire().write(bytes, ctx.voidPromise());
            }
            unflushed++;
            finished(ex, true);
            if (!reading) {
                flushAnswers();
            } else if (!flushTaskQueued && setup.wire.tls()) {
                flushTaskQueued = true;
                ctx.executor().execute(this::flushAfterRead);
            }
            return;
        }
        flushWithNext();
        wire().writeAndFlush(bytes).addListener(f -> finished(ex, keepAlive));
    }

    // Whole HTTP/1 answers are bytes already. Netty's response encoder joins the pipeline, right after the
    // decoder, only when something else is written (an interim answer, a refusal, a stream, a file, a
    // WebSocket handshake): most connections never need it, and it costs each one a handler and its context.
    private ChannelHandlerContext objectsOut() {
        if (encoder == null) {
            ChannelPipeline p = ctx.pipeline();
            p.addAfter(p.context(StrictRequestDecoder.class).name(), "encoder", new HttpResponseEncoder());
            encoder = p.context("encoder");
        }
        return ctx;
    }

    // The file goes from the disk to the socket without passing through the heap (sendfile where the
    // transport has it); the region closes the file once written or dropped.
    private void sendFile(NettyExchange ex, Response response) {
        FileBody file = response.file();
        HttpResponse res = new DefaultHttpResponse(ex.version(), status(response.status()), RESPONSE_HEADERS);
        response.headers().forEach(res.headers()::add);
        res.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, file.length());
        boolean keepAlive = finishHeaders(ex, res, ex.keepAlive);
        ex.completed();
        HttpChunkedInput chunks = null;
        if (!ex.head() && !setup.wire.zeroCopy()) {
            // Opened before the head is written: a file that cannot be read ends the connection with no answer
            // begun, which a client may retry, rather than a head with no body.
            try {
                chunks = new HttpChunkedInput(new ChunkedNioFile(file.channel(), file.position(), file.length(), FILE_CHUNK));
            } catch (IOException e) {
                file.close();
                LOG.debug("cannot send {}: {}", file.path(), e.toString());
                closeAfterAnswers();
                return;
            }
        }
        // Every path below flushes, the answers before this one with it.
        flushWithNext();
        objectsOut().write(res);
        if (ex.head()) {
            file.close();
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> finished(ex, keepAlive));
        } else if (setup.wire.zeroCopy()) {
            ctx.write(new DefaultFileRegion(file.channel(), file.position(), file.length()));
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> finished(ex, keepAlive));
        } else {
            // Encrypted, the bytes must pass through the JVM: read in chunks as the socket takes them.
            // The chunker joins the pipeline with the connection's first file, as it costs every other write
            // a detour through its queue.
            if (ctx.pipeline().get(ChunkedWriteHandler.class) == null) {
                ctx.pipeline().addBefore(ctx.name(), "chunker", new ChunkedWriteHandler());
            }
            ctx.writeAndFlush(chunks).addListener(f -> {
                file.close();
                finished(ex, keepAlive);
            });
        }
    }

    @Override
    public void sendHead(NettyExchange ex, NettyBodyWriter writer, int status, Headers headers) {
        if (ex != current || !ctx.channel().isActive()) {
            return;
        }
        boolean keepAlive = ex.keepAlive;
        HttpResponse res = ex.head()
                ? new DefaultFullHttpResponse(ex.version(), status(status), Unpooled.EMPTY_BUFFER, RESPONSE_HEADERS, TRAILERS)
                : new DefaultHttpResponse(ex.version(), status(status), RESPONSE_HEADERS);
        headers.forEach(res.headers()::add);
        String coding = writer.chooseCoding(setup.compression, status, headers);
        if (coding != null) {
            res.headers().set(HttpHeaderNames.CONTENT_ENCODING, coding);
            varyOnEncoding(res.headers());
            weakenEtag(res.headers());
        }
        if (!ex.head() && !res.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            if (ex.version().equals(HttpVersion.HTTP_1_1)) {
                res.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            } else {
                // HTTP/1.0 has no chunked framing: the end of the body is the end of the connection.
                keepAlive = false;
            }
        }
        ex.streamKeepAlive = finishHeaders(ex, res, keepAlive);
        flushWithNext();
        objectsOut().writeAndFlush(res);
    }

    /**
     * Hands the connection over to a WebSocket: the exchange is answered by the handshake, and this handler
     * leaves the pipeline for the frame handlers.
     */
    void upgrade(NettyExchange ex, Headers headers, WebSocketHandler handler) {
        if (ex != current || !ctx.channel().isActive() || draining) {
            handler.closed(1006, "the connection closed before the upgrade");
            return;
        }
        ex.completed();
        current = null;
        flushWithNext();
        clearQueue();
        stopTicking();
        // Netty's handshake writes its answer through the response encoder, and then takes it out.
        objectsOut();
        ChannelPipeline p = ctx.pipeline();
        p.remove(this);
        WebSocketUpgrade.upgrade(ctx.channel(), ex.request(), headers, handler, setup.settings, loop);
    }

    // A compressed body is another representation: a strong validator must not name both (RFC 9110 8.8.1), or
    // If-Range could splice identity bytes into a compressed copy.
    private static void weakenEtag(HttpHeaders headers) {
        String etag = headers.get(HttpHeaderNames.ETAG);
        if (etag != null && !etag.startsWith("W/")) {
            headers.set(HttpHeaderNames.ETAG, "W/" + etag);
        }
    }

    private static void varyOnEncoding(HttpHeaders headers) {
        if (!headers.containsValue(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING, true)) {
            headers.add(HttpHeaderNames.VARY, "Accept-Encoding");
        }
    }

    @Override
    public void streamEnded(NettyExchange ex, ChannelFuture lastWrite) {
        ex.streamOver = true;
        ex.completed();
        boolean keepAlive = ex.streamKeepAlive;
        if (lastWrite == null) {
            finished(ex, keepAlive);
        } else {
            lastWrite.addListener(f -> finished(ex, keepAlive));
        }
    }

    @Override
    public ChannelFuture write(NettyExchange ex, HttpObject chunk) {
        if (ex != current || ex.streamOver) {
            ReferenceCountUtil.release(chunk);
            return null;
        }
        return ctx.writeAndFlush(chunk);
    }

    /** Closing without the final chunk tells the client its body is incomplete. */
    @Override
    public void abort(NettyExchange ex) {
        if (ex == current) {
            ctx.close();
        }
    }

    private boolean finishHeaders(NettyExchange ex, HttpResponse res, boolean keepAlive) {
        boolean keep = keepAlive && !draining;
        res.headers().set(HttpHeaderNames.DATE, HttpDates.now());
        if (!keep) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (ex.version().equals(HttpVersion.HTTP_1_0)) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return keep;
    }

    private void finished(NettyExchange ex, boolean keepAlive) {
        if (current == ex) {
            current = null;
        }
        if (!keepAlive || !ctx.channel().isActive()) {
            // A HEAD stream's end comes with no write of its own to wait for: its head may still be going out.
            closeAfterAnswers();
            return;
        }
        pump();
    }

    private static HttpResponseStatus status(int code) {
        return HttpResponseStatus.valueOf(code, Status.reason(code));
    }

    // ---- shutdown, timers, threading -----------------------------------------------------------------

    /** The server is stopping: close now if idle, else after the answer in flight. */
    void drain() {
        draining = true;
        if (refused) {
            // Already on its way out: closing now would reset the refusal the connection lingers for.
            return;
        }
        // A request whose head or body is still arriving is in flight too: it is answered (with a 503, as the
        // server is stopping), and the connection closes after that answer.
        if (current == null && waiting == null && !readingBody && headDeadline == 0) {
            closeAfterAnswers();
        }
    }

    /** Tells whether this HTTP/1 connection answered a refusal, after which it takes nothing more. */
    @Override
    boolean isRefused() {
        return refused;
    }

    @Override
    public SchedulerLoop loop() {
        return loop;
    }

    @Override
    public boolean isActive() {
        return ctx.channel().isActive();
    }

    @Override
    public void onLoop(Runnable task) {
        if (loop.inLoop()) {
            task.run();
        } else {
            ctx.channel().eventLoop().execute(task);
        }
    }
}
