package dev.lindy.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import java.util.List;

/**
 * A request decoder that refuses a message framed by both Content-Length and Transfer-Encoding, the
 * classic request-smuggling shape, instead of quietly preferring one of them.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {
    private final ConnectionHandler connection;

    StrictRequestDecoder(HttpDecoderConfig config, ConnectionHandler connection) {
        super(config);
        this.connection = connection;
    }

    // Tells the connection when a request's bytes start and when its head is complete, for the header timeout.
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        connection.bytesArrived();
        super.channelRead(ctx, msg);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        int before = out.size();
        super.decode(ctx, buffer, out);
        for (int i = before; i < out.size(); i++) {
            if (out.get(i) instanceof HttpRequest) {
                connection.headArrived();
            }
        }
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new IllegalArgumentException("both Content-Length and Transfer-Encoding are present");
    }
}
