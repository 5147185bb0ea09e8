package dev.lindy.netty.internal;

import dev.lindy.internal.SchedulerLoop;
import dev.lindy.spi.Loop;
import dev.lindy.spi.WebSocketChannel;
import dev.lindy.spi.WebSocketHandler;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket on a Netty connection, after the handshake: the last handler of the pipeline. It hands
 * whole messages to Lindy, answers pings, runs the closing handshake, pings a quiet client and closes a
 * silent one, and closes a connection whose writes stall. Its state is touched on the channel's loop only.
 */
final class WebSocketConnection extends ChannelInboundHandlerAdapter implements WebSocketChannel {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);
    // How long a close frame waits for the peer's before the connection is closed anyway, at most.
    private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final WebSocketHandler handler;
    private final SchedulerLoop loop;
    private final long idleNanos;
    private final long writeTimeoutNanos;
    private final long closeGraceNanos;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> tick;
    private long lastInbound;
    private boolean pinged;
    private volatile boolean closeSent;
    private long closeSentAt;
    private boolean reported;
    private int closeCode = 1006;
    private String closeReason = "";
    private int pendingWrites;
    private long lastProgress;

    WebSocketConnection(WebSocketHandler handler, SchedulerLoop loop, long idleNanos, long writeTimeoutNanos) {
        this.handler = handler;
        this.loop = loop;
        this.idleNanos = idleNanos;
        this.writeTimeoutNanos = writeTimeoutNanos;
        this.closeGraceNanos = Math.min(CLOSE_GRACE_NANOS, Math.min(idleNanos, writeTimeoutNanos));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The handshake's answer is out: the socket is open. */
    void start() {
        long now = System.nanoTime();
        lastInbound = now;
        lastProgress = now;
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(idleNanos, writeTimeoutNanos) / 4);
        tick = ctx.channel().eventLoop().scheduleWithFixedDelay(this::check, period, period, TimeUnit.NANOSECONDS);
        handler.opened(this);
    }

    // ---- what the client sends -----------------------------------------------------------------------

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastInbound = System.nanoTime();
        pinged = false;
        if (!(msg instanceof WebSocketFrame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        WebSocketFrame frame = (WebSocketFrame) msg;
        try {
            if (frame instanceof TextWebSocketFrame) {
                if (!closeSent) {
                    handler.text(((TextWebSocketFrame) frame).text());
                }
            } else if (frame instanceof BinaryWebSocketFrame) {
                if (!closeSent) {
                    handler.binary(ByteBufUtil.getBytes(frame.content()));
                }
            } else if (frame instanceof PingWebSocketFrame) {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
                holdReadingWhileBehind();
            } else if (frame instanceof CloseWebSocketFrame) {
                peerClosed((CloseWebSocketFrame) frame);
            }
        } finally {
            frame.release();
        }
    }

    // A client that sends (pings, say) and does not read what they bring back is read no further until it
    // does: the socket's buffers then hold it back, and its silence ends the socket at the idle timeout.
    private void holdReadingWhileBehind() {
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    // The peer's close frame: answer it (unless it answers ours), then close the connection.
    private void peerClosed(CloseWebSocketFrame frame) {
        if (closeSent) {
            ctx.close();
            return;
        }
        int code = frame.statusCode();
        closeCode = code == -1 ? 1005 : code;
        closeReason = frame.reasonText() == null ? "" : frame.reasonText();
        closeSent = true;
        CloseWebSocketFrame answer = code == -1 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, "");
        ctx.writeAndFlush(answer).addListener(f -> ctx.close());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (tick != null) {
            tick.cancel(false);
        }
        if (!reported) {
            reported = true;
            handler.closed(closeCode, closeReason);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException) {
            // The decoder has sent its close frame (1002, 1007 or 1009) and closes the connection.
            closeCode = ((CorruptedWebSocketFrameException) cause).closeStatus().code();
            closeReason = String.valueOf(cause.getMessage());
            closeSent = true;
            ctx.close();
        } else if (cause instanceof TooLongFrameException) {
            closeWith(1009, "message too big");
        } else {
            if (cause instanceof IOException) {
                LOG.debug("WebSocket error from {}: {}", ctx.channel().remoteAddress(), cause.toString());
            } else {
                LOG.warn("unexpected error on a WebSocket from {}", ctx.channel().remoteAddress(), cause);
            }
            ctx.close();
        }
    }

    // ---- the watch: pings, idleness, stalled writes, unanswered close frames ----------------------------

    private void check() {
        long now = System.nanoTime();
        if (closeSent) {
            if (now - closeSentAt >= closeGraceNanos) {
                ctx.close();
            }
            return;
        }
        if (pendingWrites > 0 && now - lastProgress >= writeTimeoutNanos) {
            // The client stopped reading: a close frame would wait behind the same stuck bytes.
            LOG.debug("WebSocket writes to {} stalled; closing", ctx.channel().remoteAddress());
            closeReason = "the client stopped reading";
            ctx.close();
            return;
        }
        long silence = now - lastInbound;
        if (silence >= idleNanos) {
            closeWith(1001, "idle");
        } else if (silence >= idleNanos / 2 && !pinged) {
            pinged = true;
            ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.EMPTY_BUFFER));
        }
    }

    private ChannelFuture closeWith(int code, String reason) {
        closeSent = true;
        closeSentAt = System.nanoTime();
        closeCode = code;
        closeReason = reason;
        return ctx.writeAndFlush(new CloseWebSocketFrame(code, reason));
    }

    // ---- what Lindy writes -------------------------------------------------------------------------------

    @Override
    public CompletionStage<Void> sendText(String text) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(() -> write(new TextWebSocketFrame(text), done));
        return done;
    }

    @Override
    public CompletionStage<Void> sendBinary(byte[] data) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(() -> write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data)), done));
        return done;
    }

    private void write(WebSocketFrame frame, CompletableFuture<Void> done) {
        if (closeSent || !ctx.channel().isActive()) {
            frame.release();
            done.completeExceptionally(new IOException("the WebSocket is closed"));
            return;
        }
        if (pendingWrites == 0) {
            lastProgress = System.nanoTime();
        }
        pendingWrites++;
        ChannelFuture f = ctx.writeAndFlush(frame);
        f.addListener(r -> {
            pendingWrites--;
            lastProgress = System.nanoTime();
        });
        WriteCompletions.complete(f, done);
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(() -> {
            if (closeSent || !ctx.channel().isActive()) {
                done.complete(null);
                return;
            }
            WriteCompletions.complete(closeWith(code, reason), done);
        });
        return done;
    }

    /** The server is stopping: say so to the client, which then closes. */
    void goingAway() {
        if (!closeSent && ctx.channel().isActive()) {
            closeWith(1001, "the server is stopping");
        }
    }

    @Override
    public void abort() {
        onLoop(() -> ctx.close());
    }

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public boolean isOpen() {
        return !closeSent && ctx.channel().isActive();
    }

    private void onLoop(Runnable task) {
        if (ctx.channel().eventLoop().inEventLoop()) {
            task.run();
        } else {
            ctx.channel().eventLoop().execute(task);
        }
    }
}
