package dev.lindy.netty.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Stream;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP/2 connection that has had no stream open for the idle timeout. Streams are the only
 * activity that counts: frames on the connection itself (PING, SETTINGS, WINDOW_UPDATE) would otherwise let a
 * client hold an idle connection for as long as it likes. Checked a few times per timeout by one timer per
 * connection, so streams only move a time stamp.
 */
final class Http2Idle extends ChannelInboundHandlerAdapter {
    private final Http2Connection connection;
    private final long idleNanos;
    // Guarded by the connection's event loop, where the listener and the timer both run.
    private long idleSince = System.nanoTime();
    private ScheduledFuture<?> tick;

    Http2Idle(Http2Connection connection, Duration idleTimeout) {
        this.connection = connection;
        this.idleNanos = idleTimeout.toNanos();
        connection.addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                if (Http2Idle.this.connection.numActiveStreams() == 0) {
                    idleSince = System.nanoTime();
                }
            }
        });
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), idleNanos / 4);
        tick = ctx.executor().scheduleWithFixedDelay(() -> check(ctx), period, period, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (tick != null) {
            tick.cancel(false);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (tick != null) {
            tick.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    private void check(ChannelHandlerContext ctx) {
        if (connection.numActiveStreams() == 0 && System.nanoTime() - idleSince >= idleNanos) {
            ctx.close();
        }
    }
}
