package dev.lindy.netty.internal;

import dev.lindy.spi.BodyWriter;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A streamed body on a Netty connection. Each write is queued on the event loop, so writes from one thread
 * keep their order, and its stage completes on the event loop when Netty has flushed the chunk to the
 * socket. Bytes not yet flushed wait in the channel's outbound buffer; core bounds them per stream.
 */
final class NettyBodyWriter implements BodyWriter {
    private final ConnectionHandler connection;
    private final NettyExchange exchange;
    private final AtomicBoolean ended = new AtomicBoolean();
    // Set on the loop when the head goes out compressed; used only on the loop after that.
    private StreamCompressor compressor;

    NettyBodyWriter(ConnectionHandler connection, NettyExchange exchange) {
        this.connection = connection;
        this.exchange = exchange;
    }

    /** The stream goes out compressed: each chunk through the compressor, flushed. On the loop. */
    void compress(StreamCompressor compressor) {
        this.compressor = compressor;
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
        connection.onLoop(() -> {
            byte[] bytes = compressor == null ? chunk : compressor.compress(chunk);
            ChannelFuture f = connection.write(exchange, new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
            if (f == null) {
                done.completeExceptionally(new IOException("the stream ended before this write"));
            } else {
                WriteCompletions.complete(f, done);
            }
        });
        return done;
    }

    @Override
    public CompletionStage<Void> close() {
        if (!ended.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        connection.onLoop(() -> {
            if (compressor != null && !exchange.head) {
                connection.write(exchange, new DefaultHttpContent(Unpooled.wrappedBuffer(compressor.finish())));
                compressor = null;
            }
            ChannelFuture f = exchange.head ? null : connection.write(exchange, LastHttpContent.EMPTY_LAST_CONTENT);
            connection.streamEnded(exchange, f);
            if (f == null) {
                done.complete(null);
            } else {
                WriteCompletions.complete(f, done);
            }
        });
        return done;
    }

    @Override
    public void abort() {
        if (ended.compareAndSet(false, true)) {
            connection.onLoop(() -> {
                if (compressor != null) {
                    compressor.end();
                    compressor = null;
                }
                connection.abort(exchange);
            });
        }
    }

    @Override
    public boolean isOpen() {
        return !ended.get() && exchange.isOpen();
    }
}
