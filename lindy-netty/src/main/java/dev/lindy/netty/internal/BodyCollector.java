package dev.lindy.netty.internal;

import dev.lindy.Settings;
import dev.lindy.internal.BodySpool;
import dev.lindy.internal.HeadChecks;
import dev.lindy.upload.internal.Uploads;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Collects a request's head and body into one {@link Collected} request, handed to its connection; a
 * bodiless request costs no buffer at all. The body's memory grows as bytes arrive, never to a declared length the client has not
 * sent, so a client cannot make the server allocate memory by promising a large body. A body over the
 * limit, or a decoding failure, becomes a {@link Rejection} instead. {@code Expect: 100-continue} is
 * answered through the connection, which sends it only once the request is next in line.
 *
 * <p>A {@code multipart/form-data} body (an upload) has its own, larger limit and goes to memory up to a
 * threshold and to a temporary file beyond, written off the loop; when the disk falls behind, the
 * connection stops reading until it catches up.
 *
 * <p>It is the inbound half of the connection's handler, which extends it and hears of each step through the
 * methods below, so that a connection is one object, not two that point at each other.
 */
abstract class BodyCollector extends ChannelInboundHandlerAdapter {
    /** The refusal of an upload when the server's disk budget for uploads is spent. */
    static final Rejection UPLOADS_FULL = new Rejection(503, "The server holds too many uploads right now; try again shortly.");

    private HttpRequest head;
    private BodySpool body;
    private long size;
    private boolean upload;

    /** Returns the settings, read when needed: not a copy of each limit per connection. */
    abstract Settings settings();

    /** Tells whether the connection refused a request already, after which nothing read is a request. */
    abstract boolean isRefused();

    /** A request's head arrived. */
    abstract void headArrived();

    /** The request awaits a 100 Continue before its client sends the body. */
    abstract void expectContinue(HttpVersion version);

    /** The client sends its body without waiting for a 100 Continue. */
    abstract void continueNotNeeded();

    /** A whole request ({@link Collected}), or a {@link Rejection} in its place. */
    abstract void take(Object msg);

    /** An upload's disk writes fell behind: stop reading. */
    abstract void spoolFallsBehind();

    /** An upload's disk writes caught up: reading may resume. */
    abstract void spoolCaughtUp();

    /** An upload finished going to disk, off the loop. */
    abstract void spoolStored();

    /**
     * A whole request.
     *
     * @param head the request line and headers
     * @param body the body, stored once {@link BodySpool#isStored}; null when there is none
     */
    record Collected(HttpRequest head, BodySpool body) {
        /** Returns the bytes of the body held in memory. */
        long memoryBytes() {
            return body == null ? 0 : body.memoryBytes();
        }
    }

    /**
     * Takes what the decoder read, and releases it.
     *
     * @param ctx the connection's context
     * @param msg a request head, a piece of its body, or anything else (dropped)
     */
    void collect(ChannelHandlerContext ctx, Object msg) {
        try {
            if (isRefused()) {
                // Decoded from bytes that came with a refused request: nothing after the refusal is a request.
                return;
            }
            if (msg instanceof StrictRequestDecoder.Folded) {
                reject(ctx, new Rejection(400, "A header line is folded onto the one before; send each header on a line of its own."));
            }
            if (msg instanceof HttpRequest) {
                start(ctx, (HttpRequest) msg);
            }
            if (msg instanceof HttpContent && head != null) {
                add(ctx, (HttpContent) msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void start(ChannelHandlerContext ctx, HttpRequest request) {
        headArrived();
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            reject(ctx, ConnectionHandler.rejection(result.cause()));
            return;
        }
        HeadChecks.Refusal broken = HeadChecks.check(request.protocolVersion().equals(HttpVersion.HTTP_1_1),
                request.headers().getAll(HttpHeaderNames.HOST), request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING),
                request.headers().contains(HttpHeaderNames.CONTENT_LENGTH));
        if (broken != null) {
            reject(ctx, new Rejection(broken.status(), broken.reason()).of(request));
            return;
        }
        long declared = HttpUtil.getContentLength(request, -1L);
        upload = Uploads.isMultipartForm(request.headers().get(HttpHeaderNames.CONTENT_TYPE));
        if (declared > limit(settings(), upload)) {
            reject(ctx, tooLarge(settings(), upload).of(request));
            return;
        }
        head = request;
        size = 0;
        body = null;
        // A request that declares no length (most GETs) gets a spool only when bytes of a body arrive.
        if (declared > 0 || (declared < 0 && upload)) {
            body = spool(settings(), declared, upload, () -> ctx.channel().eventLoop().execute(this::spoolCaughtUp));
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            expectContinue(request.protocolVersion());
        }
    }

    private void add(ChannelHandlerContext ctx, HttpContent chunk) {
        if (chunk.decoderResult().isFailure()) {
            reject(ctx, ConnectionHandler.rejection(chunk.decoderResult().cause()));
            return;
        }
        ByteBuf bytes = chunk.content();
        int n = bytes.readableBytes();
        if (n > 0) {
            // The client sends its body without waiting: an interim 100 Continue would only be noise now.
            continueNotNeeded();
            size += n;
            if (size > limit(settings(), upload)) {
                reject(ctx, tooLarge(settings(), upload));
                return;
            }
            if (body == null) {
                body = BodySpool.inMemory(settings().maxBodyBytes(), -1);
            }
            try {
                if (!body.add(bytes.nioBuffer())) {
                    spoolFallsBehind();
                }
            } catch (BodySpool.Full e) {
                reject(ctx, UPLOADS_FULL);
                return;
            }
        }
        if (chunk instanceof LastHttpContent) {
            BodySpool done = body;
            HttpRequest request = head;
            body = null;
            head = null;
            if (done != null) {
                done.finish(() -> {
                    if (!ctx.channel().eventLoop().inEventLoop()) {
                        ctx.channel().eventLoop().execute(this::spoolStored);
                    }
                });
            }
            take(new Collected(request, done));
        }
    }

    /** The connection gave up on the body in progress (it came too slowly, or the client left): drop it. */
    void abandonBody() {
        head = null;
        if (body != null) {
            body.discard();
            body = null;
        }
    }

    /** Tells how many bytes the body in progress holds in memory, arrived or not; for tests. */
    int buffered() {
        return body == null ? 0 : body.memoryBytes();
    }

    // The request whose body is in progress, if any, is the one refused.
    private void reject(ChannelHandlerContext ctx, Rejection rejection) {
        Rejection refused = rejection.of(head);
        abandonBody();
        take(refused);
    }

    /**
     * Makes the spool of a body that is coming: an upload goes to memory up to a threshold and to disk beyond,
     * any other body to memory, within the limits of the settings.
     *
     * @param settings the limits
     * @param declared the length the request declared, or -1
     * @param upload whether the body is a {@code multipart/form-data} upload
     * @param caughtUp run, from the disk's thread, when an upload's writes caught up after falling behind
     */
    static BodySpool spool(Settings settings, long declared, boolean upload, Runnable caughtUp) {
        return upload
                ? new BodySpool(settings.uploadMemoryBytes(), declared, settings.tempDir(), settings.maxUploadDiskBytes(),
                        caughtUp)
                : BodySpool.inMemory(settings.maxBodyBytes(), declared);
    }

    /** Returns the largest body a request may send: an upload's limit or any other body's. */
    static long limit(Settings settings, boolean upload) {
        return upload ? settings.maxUploadBytes() : settings.maxBodyBytes();
    }

    /** The refusal of a body over its limit. */
    static Rejection tooLarge(Settings settings, boolean upload) {
        return upload
                ? new Rejection(413, "The upload is larger than the limit of " + settings.maxUploadBytes() + " bytes.")
                : new Rejection(413, "The request body is larger than the limit of " + settings.maxBodyBytes() + " bytes.");
    }
}
