package dev.lindy.netty.internal;

import dev.lindy.spi.ExchangeHandler;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;

/**
 * The whole pipeline of a connection past the limit: it answers 503 at once, then {@link Lingering lingers}
 * so that closing does not reset the connection before the client has read the answer.
 */
final class Overloaded extends ChannelInboundHandlerAdapter {
    private static final String BODY = "503 Service Unavailable: the server has too many connections; try again.\n";
    private static final byte[] ANSWER = ("HTTP/1.1 503 Service Unavailable\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: " + BODY.length() + "\r\n"
            + "Connection: close\r\n"
            + "Retry-After: 1\r\n\r\n"
            + BODY).getBytes(StandardCharsets.US_ASCII);

    private final ExchangeHandler app;

    Overloaded(ExchangeHandler app) {
        this.app = app;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Lingering.after(ctx.writeAndFlush(Unpooled.wrappedBuffer(ANSWER)));
        ConnectionHandler.tellRefused(app, ctx.channel(), null, 503, BODY.length());
    }
}
