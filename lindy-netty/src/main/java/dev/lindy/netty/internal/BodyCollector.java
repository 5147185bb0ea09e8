package dev.lindy.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Arrays;

/**
 * Collects a request's head and body into one {@link Collected} message, copying the body straight into
 * the array the app will see; a bodiless request costs no buffer at all. A body over the limit, or a
 * decoding failure, becomes a {@link Rejection} instead. Answers {@code Expect: 100-continue}.
 */
final class BodyCollector extends ChannelInboundHandlerAdapter {
    private static final byte[] NO_BODY = new byte[0];

    private final int limit;
    private HttpRequest head;
    private byte[] body = NO_BODY;
    private int size;
    private boolean discarding;

    BodyCollector(int limit) {
        this.limit = limit;
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
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.CONTINUE));
        }
        head = request;
        size = 0;
        body = declared > 0 ? new byte[(int) declared] : NO_BODY;
        discarding = false;
    }

    private void add(ChannelHandlerContext ctx, HttpContent chunk) {
        if (chunk.decoderResult().isFailure()) {
            reject(ctx, ConnectionHandler.rejection(chunk.decoderResult().cause()));
            return;
        }
        ByteBuf bytes = chunk.content();
        int n = bytes.readableBytes();
        if (!discarding && n > 0) {
            if ((long) size + n > limit) {
                discarding = true;
                body = NO_BODY;
                ctx.fireChannelRead(tooLarge());
            } else {
                if (size + n > body.length) {
                    body = Arrays.copyOf(body, Math.min(limit, Math.max(size + n, body.length * 2)));
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

    private void reject(ChannelHandlerContext ctx, Rejection rejection) {
        head = null;
        body = NO_BODY;
        ctx.fireChannelRead(rejection);
    }

    private Rejection tooLarge() {
        return new Rejection(413, "The request body is larger than the limit of " + limit + " bytes.");
    }
}
