package dev.lindy;

import java.util.concurrent.CompletionStage;

/**
 * The body of a streamed response, which the handler writes piece by piece; safe from any thread.
 *
 * <p>Each write completes when its bytes are flushed: handed to the operating system's socket buffer, not
 * yet received by the client. A producer that waits for each write before the next never runs ahead of a
 * slow client, and memory stays bounded:
 *
 * <pre>{@code
 * StreamWriter out = ctx.respond().stream();
 * out.write("one\n")
 *    .thenCompose(v -> out.write("two\n"))
 *    .thenCompose(v -> out.close());
 * }</pre>
 *
 * <p>Limits, so that no stream can hang or fill memory:
 * <ul>
 * <li>A producer that does not wait, and lets more than {@link Settings#streamBufferBytes()} pile up
 * unflushed, has that write failed and the stream ended. A single write when nothing waits is always
 * accepted, however large: it is the producer's own array.
 * <li>When writes wait and none completes for the {@link Settings#writeTimeout()} (up to half as long
 * again), the client has stopped reading: the stream is ended.
 * <li>A stream that writes nothing for its deadline ({@code ctx.deadline}, the route's, or
 * {@link Settings#asyncDeadline()}) is ended: raise the deadline for a stream that is quiet for long, or
 * write a heartbeat.
 * <li>A failure in a callback of the request ({@code ctx.after}, {@code ctx.every}, a stage) or
 * {@link #fail} ends the stream. So does a writer dropped without {@link #close()}: the garbage collector
 * notices when nothing can write to it any more, and the deadline is the backstop.
 * </ul>
 * Ending a stream means the client sees an incomplete body (the connection is closed before the end of the
 * chunked body), the request's timers are cancelled, its {@code onClose} actions run, and it is logged once.
 * Writes after the client left, or after the stream ended, fail at once.
 */
public interface StreamWriter {
    /**
     * Writes text as UTF-8.
     *
     * @param text the text
     * @return completes when flushed; fails if the client is gone or the stream has ended
     */
    CompletionStage<Void> write(String text);

    /**
     * Writes bytes; the writer owns the array after the call.
     *
     * @param bytes the bytes
     * @return completes when flushed; fails if the client is gone or the stream has ended
     */
    CompletionStage<Void> write(byte[] bytes);

    /**
     * Ends the response normally; this also cancels the request's timers. Only the first call acts.
     *
     * @return completes when the end is flushed; fails if the stream had already ended otherwise
     */
    CompletionStage<Void> close();

    /**
     * Ends the response abnormally because the producer failed: the failure is logged, and the client sees
     * an incomplete body.
     *
     * @param error what went wrong
     */
    void fail(Throwable error);

    /**
     * Tells whether writes can still succeed.
     *
     * @return true until closed, ended, or the client leaves
     */
    boolean isOpen();
}
