package dev.lindy.spi;

import java.util.concurrent.CompletionStage;

/**
 * The body of a streamed response, written chunk by chunk after the status and headers have gone out.
 *
 * <p>Every method is safe from any thread. Each write completes once its bytes are flushed to the
 * connection, so a producer that waits for it never runs ahead of a slow client.
 */
public interface BodyWriter {
    /**
     * Writes a chunk.
     *
     * @param chunk the bytes; the writer owns the array after the call
     * @return completes when the chunk is flushed; fails at once if the client has gone or the writer is closed
     */
    CompletionStage<Void> write(byte[] chunk);

    /**
     * Ends the body; further writes fail.
     *
     * @return completes when the end of the body is flushed
     */
    CompletionStage<Void> close();

    /**
     * Tells whether writes can still succeed: not closed, and the client still connected.
     *
     * @return true if open
     */
    boolean isOpen();
}
