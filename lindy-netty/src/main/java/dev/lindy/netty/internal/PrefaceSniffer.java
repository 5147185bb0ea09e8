package dev.lindy.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Tells HTTP/2 in clear text from HTTP/1.1 by a connection's first bytes: a client that knows the server
 * speaks HTTP/2 (prior knowledge) starts with its fixed preface; anything else is HTTP/1.1. Decides as soon
 * as the bytes differ from the preface, sets up the pipeline for the protocol, and steps aside.
 */
final class PrefaceSniffer extends ByteToMessageDecoder {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Consumer<ChannelPipeline> http2;
    private final Consumer<ChannelPipeline> http1;
    private final Future<?> untilKnown;

    /**
     * Creates the sniffer.
     *
     * @param http2 sets up the pipeline for HTTP/2
     * @param http1 sets up the pipeline for HTTP/1.1
     * @param untilKnown the timeout of a connection whose protocol is not known yet; called off once this
     *     sniffer leaves the pipeline, as the protocol is known or the connection closed
     */
    PrefaceSniffer(Consumer<ChannelPipeline> http2, Consumer<ChannelPipeline> http1, Future<?> untilKnown) {
        this.http2 = http2;
        this.http1 = http1;
        this.untilKnown = untilKnown;
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        untilKnown.cancel(false);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int n = Math.min(in.readableBytes(), PREFACE.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
                choose(ctx, http1);
                return;
            }
        }
        if (n == PREFACE.length) {
            choose(ctx, http2);
        }
    }

    // The bytes read so far stay in this decoder's buffer; removing it passes them on to the new handlers.
    private void choose(ChannelHandlerContext ctx, Consumer<ChannelPipeline> protocol) {
        protocol.accept(ctx.pipeline());
        ctx.pipeline().remove(this);
    }
}
