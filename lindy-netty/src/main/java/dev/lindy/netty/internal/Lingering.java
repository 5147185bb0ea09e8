package dev.lindy.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * The end of an HTTP/1 connection after a refusal: once the answer is out the server stops writing, reads
 * and drops what the client still sends, and closes when the client does or a second later. Closing at
 * once would leave the client's unread bytes in the server's socket, and the kernel answers those with a
 * reset, which can destroy the refusal before the client has read it.
 */
final class Lingering extends ChannelInboundHandlerAdapter {
    private static final long LINGER_MILLIS = 1000;

    private Lingering() {
    }

    /**
     * Ends the connection of an answer after that answer: from now on, all the client sends is dropped
     * before any decoder sees it.
     *
     * @param answer the write of the connection's last answer
     */
    static void after(ChannelFuture answer) {
        Channel channel = answer.channel();
        channel.pipeline().addFirst("linger", new Lingering());
        channel.config().setAutoRead(true);
        channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        answer.addListener(f -> {
            if (f.isSuccess() && channel instanceof DuplexChannel) {
                ((DuplexChannel) channel).shutdownOutput();
            } else {
                channel.close();
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Another handler may have paused reading for its own reasons; none of them apply any more.
        if (!ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
