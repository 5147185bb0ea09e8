package dev.lindy.sse;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A server-sent event stream ({@code text/event-stream}) to one browser, from {@code ctx.sse()}; safe from
 * any thread.
 *
 * <pre>{@code
 * app.async(GET, "/clock", ctx -> {
 *     SseEmitter sse = ctx.sse();
 *     ctx.every(Duration.ofSeconds(1), () -> sse.event("tick", Instant.now().toString()));
 * });
 * }</pre>
 *
 * <p>It is a stream like any other ({@code dev.lindy.StreamWriter}): each send completes when its bytes are
 * flushed, so a producer that waits for it never runs ahead of a slow client, and the stream's limits apply.
 * Every event goes out at once, never held in a buffer. A comment goes out every
 * {@code Settings.sseHeartbeat} (15 s) while nothing else does, so that proxies keep the stream open, the
 * stream's deadline does not pass while it is quiet, and a client that left is noticed. The stream ends
 * when the client leaves (then {@code ctx.onClose} actions run), at {@link #close()}, or when a callback of
 * the request fails.
 *
 * <p>Data that is not a {@code String} goes out as JSON, through the app's JSON mapper.
 */
public interface SseEmitter {
    /**
     * Sends an event.
     *
     * @param event the event
     * @return completes when flushed; fails if the client is gone or the stream has ended
     */
    CompletionStage<Void> send(SseEvent event);

    /**
     * Sends a plain message (the browser's {@code onmessage}).
     *
     * @param data a {@code String}, sent as it is, or any value, sent as JSON
     * @return completes when flushed
     */
    CompletionStage<Void> data(Object data);

    /**
     * Sends a named event (the browser's {@code addEventListener(name, ...)}).
     *
     * @param name the event's name, without line breaks
     * @param data a {@code String}, sent as it is, or any value, sent as JSON
     * @return completes when flushed
     */
    CompletionStage<Void> event(String name, Object data);

    /**
     * Sends a comment, which browsers ignore.
     *
     * @param text the comment
     * @return completes when flushed
     */
    CompletionStage<Void> comment(String text);

    /**
     * Tells the browser how long to wait before it reconnects after losing the stream.
     *
     * @param delay the delay
     * @return completes when flushed
     */
    CompletionStage<Void> retry(Duration delay);

    /**
     * Returns the id of the last event the browser saw, which it sends when it reconnects.
     *
     * @return the request's {@code Last-Event-ID}, or null on a first connection
     */
    String lastEventId();

    /**
     * Ends the stream normally; a browser reconnects after its retry delay unless the page closes it.
     *
     * @return completes when the end is flushed
     */
    CompletionStage<Void> close();

    /**
     * Tells whether events can still go out.
     *
     * @return true until closed, ended, or the client leaves
     */
    boolean isOpen();
}
