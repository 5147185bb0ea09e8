package dev.lindy.netty.internal;

import dev.lindy.spi.BodyWriter;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A streamed body on a Netty connection. Each write is queued on the event loop, so writes from one thread
 * keep their order, and its stage completes when Netty has flushed the chunk to the socket.
 */
final class NettyBodyWriter implements BodyWriter {
    private final ConnectionHandler connection;
    private final NettyExchange exchange;
    private volatile boolean closed;

    NettyBodyWriter(ConnectionHandler connection, NettyExchange exchange) {
        this.connection = connection;
        this.exchange = exchange;
    }

    @Override
    public CompletionStage<Void> write(byte[] chunk) {
        if (!isOpen()) {
            return CompletableFuture.failedFuture(new IOException("the stream is closed or the client has gone"));
        }
        if (exchange.head || chunk.length == 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        connection.onLoop(() -> complete(connection.write(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk))), done));
        return done;
    }

    @Override
    public CompletionStage<Void> close() {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        closed = true;
        CompletableFuture<Void> done = new CompletableFuture<>();
        connection.onLoop(() -> {
            ChannelFuture f = exchange.head ? null : connection.write(LastHttpContent.EMPTY_LAST_CONTENT);
            connection.streamEnded(exchange, f);
            if (f == null) {
                done.complete(null);
            } else {
                complete(f, done);
            }
        });
        return done;
    }

    @Override
    public boolean isOpen() {
        return !closed && exchange.isOpen();
    }

    private static void complete(ChannelFuture f, CompletableFuture<Void> done) {
        f.addListener(r -> {
            if (r.isSuccess()) {
                done.complete(null);
            } else {
                done.completeExceptionally(r.cause());
            }
        });
    }
}
