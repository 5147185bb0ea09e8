package dev.lindy.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Arrays;

/**
 * Collects a request's head and body into one {@link Collected} message, copying the body straight into
 * the array the app will see; a bodiless request costs no buffer at all. The buffer grows as bytes
 * arrive, never to a declared length the client has not sent, so a client cannot make the server allocate
 * memory by promising a large body. A body over the limit, or a decoding failure, becomes a
 * {@link Rejection} instead. {@code Expect: 100-continue} is answered through the connection, which sends
 * it only once the request is next in line.
 */
final class BodyCollector extends ChannelInboundHandlerAdapter {
    private static final byte[] NO_BODY = new byte[0];
    private static final int FIRST_BUFFER = 8 * 1024;

    private final int limit;
    private final ConnectionHandler connection;
    private HttpRequest head;
    private byte[] body = NO_BODY;
    private int size;
    // The declared Content-Length, or the limit for a chunked body: the buffer never grows past it.
    private int ceiling;
    private boolean discarding;

    BodyCollector(int limit, ConnectionHandler connection) {
        this.limit = limit;
        this.connection = connection;
    }

    /**
     * A whole request.
     *
     * @param head the request line and headers
     * @param body the body, exactly as long as it is
     */
    record Collected(HttpRequest head, byte[] body) {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
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
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            reject(ctx, ConnectionHandler.rejection(result.cause()));
            return;
        }
        long declared = HttpUtil.getContentLength(request, -1L);
        if (declared > limit) {
            reject(ctx, tooLarge());
            return;
        }
        head = request;
        size = 0;
        ceiling = declared >= 0 ? (int) declared : limit;
        // A small declared body gets its exact array at once; a large one only as its bytes arrive.
        body = declared > 0 && declared <= FIRST_BUFFER ? new byte[(int) declared] : NO_BODY;
        discarding = false;
        if (HttpUtil.is100ContinueExpected(request)) {
            connection.expectContinue(request.protocolVersion());
        }
    }

    private void add(ChannelHandlerContext ctx, HttpContent chunk) {
        if (chunk.decoderResult().isFailure()) {
            reject(ctx, ConnectionHandler.rejection(chunk.decoderResult().cause()));
            return;
        }
        ByteBuf bytes = chunk.content();
        int n = bytes.readableBytes();
        if (!discarding && n > 0) {
            // The client sends its body without waiting: an interim 100 Continue would only be noise now.
            connection.continueNotNeeded();
            if ((long) size + n > limit) {
                discarding = true;
                body = NO_BODY;
                ctx.fireChannelRead(tooLarge());
            } else {
                if (size + n > body.length) {
                    int grown = Math.max(size + n, Math.max(FIRST_BUFFER, body.length * 2));
                    body = Arrays.copyOf(body, Math.max(size + n, Math.min(ceiling, grown)));
                }
                bytes.getBytes(bytes.readerIndex(), body, size, n);
                size += n;
            }
        }
        if (chunk instanceof LastHttpContent) {
            HttpRequest request = head;
            head = null;
            if (!discarding) {
                ctx.fireChannelRead(new Collected(request, size == body.length ? body : Arrays.copyOf(body, size)));
            }
            body = NO_BODY;
        }
    }

    /** The connection gave up on the body in progress (it came too slowly): drop what arrived of it. */
    void abandon() {
        head = null;
        body = NO_BODY;
        size = 0;
    }

    /** Tells how many bytes the body in progress holds in memory, arrived or not; for tests. */
    int buffered() {
        return body.length;
    }

    private void reject(ChannelHandlerContext ctx, Rejection rejection) {
        abandon();
        ctx.fireChannelRead(rejection);
    }

    private Rejection tooLarge() {
        return new Rejection(413, "The request body is larger than the limit of " + limit + " bytes.");
    }
}
