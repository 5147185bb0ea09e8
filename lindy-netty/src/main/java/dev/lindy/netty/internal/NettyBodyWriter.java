package dev.lindy.netty.internal;

import dev.lindy.http.Headers;
import dev.lindy.spi.BodyWriter;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streamed body on a Netty connection. Each write is queued on the event loop, so writes from one thread
 * keep their order, and its stage completes on the event loop when Netty has flushed the chunk to the
 * socket (on HTTP/2, when the stream's flow-control window let it out). Bytes not yet flushed wait in the
 * channel's outbound buffer or the stream's flow control; core bounds them per stream.
 */
final class NettyBodyWriter implements BodyWriter {
    private static final Logger LOG = LoggerFactory.getLogger(NettyBodyWriter.class);

    private final Carrier connection;
    private final NettyExchange exchange;
    private final AtomicBoolean ended = new AtomicBoolean();
    // Set on the loop when the head goes out compressed; used only on the loop after that.
    private StreamCompressor compressor;

    NettyBodyWriter(Carrier connection, NettyExchange exchange) {
        this.connection = connection;
        this.exchange = exchange;
    }

    /**
     * Chooses the stream's coding and, for a body, starts its compressor; on the loop, before the head is
     * written. A HEAD is chosen for as its GET is, so its headers are the GET's; it has no body to compress.
     *
     * @return the coding the head names, or null when the stream goes out as it is
     */
    String chooseCoding(Compression compression, int status, Headers headers) {
        String coding = compression.choose(exchange.request().header("Accept-Encoding"), status, headers, -1);
        if (coding != null && !exchange.head()) {
            try {
                compress(new StreamCompressor(coding));
            } catch (RuntimeException e) {
                LOG.warn("could not start compressing a stream with {}; sent it uncompressed", coding, e);
                return null;
            }
        }
        return coding;
    }

    /**
     * The stream goes out compressed: each chunk through the compressor, flushed. On the loop. A client that
     * leaves before the end frees the compressor, whose native memory nothing else would.
     */
    private void compress(StreamCompressor compressor) {
        this.compressor = compressor;
        exchange.onClose(this::dropCompressor);
    }

    // A compressor that fails leaves a body the client cannot decode: end the stream as broken.
    private void compressorFailed(RuntimeException e) {
        LOG.warn("a stream's compressor failed; the stream was ended", e);
        ended.set(true);
        dropCompressor();
        connection.abort(exchange);
    }

    private void dropCompressor() {
        if (compressor != null) {
            compressor.end();
            compressor = null;
        }
    }

    @Override
    public CompletionStage<Void> write(byte[] chunk) {
        if (!isOpen()) {
            return CompletableFuture.failedFuture(new IOException("the stream is closed or the client has gone"));
        }
        if (exchange.head() || chunk.length == 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        connection.onLoop(() -> {
            byte[] bytes;
            try {
                bytes = compressor == null ? chunk : compressor.compress(chunk);
            } catch (RuntimeException e) {
                compressorFailed(e);
                done.completeExceptionally(e);
                return;
            }
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
            if (compressor != null && !exchange.head()) {
                byte[] last;
                try {
                    last = compressor.finish();
                } catch (RuntimeException e) {
                    compressorFailed(e);
                    done.completeExceptionally(e);
                    return;
                }
                compressor = null;
                connection.write(exchange, new DefaultHttpContent(Unpooled.wrappedBuffer(last)));
            }
            ChannelFuture f = exchange.head() ? null : connection.write(exchange, LastHttpContent.EMPTY_LAST_CONTENT);
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
                dropCompressor();
                connection.abort(exchange);
            });
        }
    }

    @Override
    public boolean isOpen() {
        return !ended.get() && exchange.isOpen();
    }
}
