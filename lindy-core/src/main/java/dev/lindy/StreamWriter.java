package dev.lindy;

import java.util.concurrent.CompletionStage;

/**
 * The body of a streamed response, which the handler writes piece by piece; safe from any thread.
 *
 * <p>Each write completes when its bytes are flushed to the client, so a producer that waits for the
 * returned stage before writing more never fills memory on a slow client. A write after the client left
 * fails at once. Timers of the request keep running until the stream is closed.
 *
 * <pre>{@code
 * StreamWriter out = ctx.respond().stream();
 * ctx.every(Duration.ofSeconds(1), () -> out.write("tick\n"));
 * }</pre>
 */
public interface StreamWriter {
    /**
     * Writes text as UTF-8.
     *
     * @param text the text
     * @return completes when flushed; fails if the client is gone or the stream is closed
     */
    CompletionStage<Void> write(String text);

    /**
     * Writes bytes; the writer owns the array after the call.
     *
     * @param bytes the bytes
     * @return completes when flushed; fails if the client is gone or the stream is closed
     */
    CompletionStage<Void> write(byte[] bytes);

    /**
     * Ends the response; this also cancels the request's timers.
     *
     * @return completes when the end is flushed
     */
    CompletionStage<Void> close();

    /**
     * Tells whether writes can still succeed.
     *
     * @return true until closed or the client leaves
     */
    boolean isOpen();
}
