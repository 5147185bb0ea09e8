package dev.lindy.netty.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Compresses a body in one coding ({@code br}, {@code zstd}, {@code gzip} or {@code deflate}): a streamed
 * body chunk by chunk, flushing the compressor after each one, so every chunk the producer writes reaches the
 * client whole and at once (an event stream through it is never held back); or a whole body at once. Used
 * on one event loop at a time; {@link #finish} or {@link #end} frees the compressor, native ones included.
 */
final class StreamCompressor {
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream(256);
    private final OutputStream compressor;
    private boolean ended;

    StreamCompressor(String coding) {
        try {
            this.compressor = Codings.open(coding, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compresses a whole body.
     *
     * @param body the body
     * @param coding the coding
     * @return the compressed body
     */
    static byte[] whole(byte[] body, String coding) {
        StreamCompressor c = new StreamCompressor(coding);
        try {
            c.compressor.write(body);
        } catch (IOException e) {
            c.end();
            throw new UncheckedIOException(e);
        }
        return c.finish();
    }

    /** Compresses a chunk and flushes it: the bytes to send now. */
    byte[] compress(byte[] chunk) {
        try {
            compressor.write(chunk);
            compressor.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return take();
    }

    /** Ends the stream: the last compressed bytes, with the coding's trailer. */
    byte[] finish() {
        ended = true;
        try {
            compressor.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return take();
    }

    /** Frees the compressor, unless it ended already; what it would still write is dropped. */
    void end() {
        if (ended) {
            return;
        }
        ended = true;
        try {
            compressor.close();
        } catch (IOException | RuntimeException e) {
            // Nothing is sent any more: freeing it is all that matters.
        }
    }

    private byte[] take() {
        byte[] bytes = sink.toByteArray();
        sink.reset();
        return bytes;
    }
}
