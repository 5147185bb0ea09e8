package dev.lindy.spi;

import java.util.concurrent.CompletionStage;

/**
 * The body of a streamed response, written chunk by chunk after the status and headers have gone out.
 *
 * <p>Every method is safe from any thread. Each write completes once its bytes are flushed to the
 * connection (handed to the operating system), so a producer that waits for it never runs ahead of a slow
 * client. Hosts complete the stages on the exchange's loop, never while holding a lock of their own, so a
 * producer may chain its next write from the completion of the previous one.
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
     * Ends the body abnormally: the client must be able to tell the response is incomplete, so the host
     * closes the connection without the final chunk where its protocol allows. Pending and later writes
     * fail. Does nothing once the body is closed or aborted.
     */
    void abort();

    /**
     * Tells whether writes can still succeed: not closed, and the client still connected.
     *
     * @return true if open
     */
    boolean isOpen();
}
