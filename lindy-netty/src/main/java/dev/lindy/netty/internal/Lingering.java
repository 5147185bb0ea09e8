package dev.lindy.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * The end of a connection after its last answer (an HTTP/1 refusal, an HTTP/2 connection's drain): once the
 * answer is out the server stops writing (after
 * TLS's close_notify), reads and drops what the client still sends, and closes when the client does, when
 * it has sent nothing for a second, or five seconds after the answer at the latest. Closing at once would
 * leave the client's unread bytes in the server's socket, and the kernel answers those with a reset, which
 * can destroy the refusal before the client has read it.
 */
final class Lingering extends ChannelInboundHandlerAdapter {
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MOST_NANOS = TimeUnit.SECONDS.toNanos(5);

    private long lastRead = System.nanoTime();
    private long closeBy;

    private Lingering() {
    }

    /**
     * Ends the connection of an answer after that answer: from now on, all the client sends is dropped
     * before any decoder sees it. A write that stalls is the connection handler's to time out; a write that
     * fails closes the connection.
     *
     * @param answer the write of the connection's last answer
     */
    static void after(ChannelFuture answer) {
        Channel channel = answer.channel();
        if (channel.pipeline().get(Lingering.class) != null) {
            return;
        }
        Lingering lingering = new Lingering();
        channel.pipeline().addFirst("linger", lingering);
        channel.config().setAutoRead(true);
        answer.addListener(f -> {
            if (f.isSuccess() && channel instanceof DuplexChannel) {
                lingering.answered((DuplexChannel) channel);
            } else {
                channel.close();
            }
        });
    }

    private void answered(DuplexChannel channel) {
        closeBy = System.nanoTime() + MOST_NANOS;
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null) {
            channel.shutdownOutput();
        } else {
            // The client learns the answer is whole from close_notify, not from the bare end of the stream.
            tls.closeOutbound().addListener(f -> channel.shutdownOutput());
        }
        channel.eventLoop().schedule(() -> check(channel), QUIET_NANOS, TimeUnit.NANOSECONDS);
    }

    private void check(Channel channel) {
        if (!channel.isActive()) {
            return;
        }
        long now = System.nanoTime();
        long due = Math.min(lastRead + QUIET_NANOS, closeBy);
        if (now - due >= 0) {
            channel.close();
        } else {
            channel.eventLoop().schedule(() -> check(channel), due - now, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastRead = System.nanoTime();
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
