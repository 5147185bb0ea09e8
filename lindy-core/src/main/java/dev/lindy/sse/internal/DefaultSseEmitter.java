package dev.lindy.sse.internal;

import dev.lindy.Context;
import dev.lindy.Responder;
import dev.lindy.StreamWriter;
import dev.lindy.json.JsonMapper;
import dev.lindy.sse.SseEmitter;
import dev.lindy.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An event stream over a request's stream writer, with a heartbeat comment while it is quiet.
 */
public final class DefaultSseEmitter implements SseEmitter {
    private static final byte[] HEARTBEAT_BYTES = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final StreamWriter out;
    private final String lastEventId;
    private final Supplier<JsonMapper> json;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean sentSinceBeat;

    private DefaultSseEmitter(StreamWriter out, String lastEventId, Supplier<JsonMapper> json) {
        this.out = out;
        this.lastEventId = lastEventId;
        this.json = json;
    }

    /**
     * Answers a request with an event stream.
     *
     * @param ctx the request
     * @param respond its responder
     * @param heartbeat how often a quiet stream gets a comment
     * @param json the app's JSON mapper, for data that is not text
     * @return the emitter
     */
    public static DefaultSseEmitter open(Context ctx, Responder respond, Duration heartbeat, Supplier<JsonMapper> json) {
        ctx.header("Content-Type", "text/event-stream");
        ctx.header("Cache-Control", "no-cache");
        // Proxies such as nginx would otherwise hold events back to fill their buffers.
        ctx.header("X-Accel-Buffering", "no");
        DefaultSseEmitter sse = new DefaultSseEmitter(respond.stream(), ctx.request().header("Last-Event-ID"), json);
        ctx.every(heartbeat, sse::beat);
        return sse;
    }

    // A comment only when nothing went out since the last beat, and never behind a write still in flight.
    private void beat() {
        if (sentSinceBeat) {
            sentSinceBeat = false;
            return;
        }
        if (pending.get() == 0 && out.isOpen()) {
            // Not through write(): a heartbeat is not an event, so the next beat still goes out on time.
            pending.incrementAndGet();
            out.write(HEARTBEAT_BYTES).whenComplete((v, e) -> pending.decrementAndGet());
        }
    }

    /**
     * Writes text that is already in the event stream format; for the hub, which formats its batches itself.
     *
     * @param text whole events
     * @return completes when flushed
     */
    public CompletionStage<Void> write(String text) {
        sentSinceBeat = true;
        pending.incrementAndGet();
        return out.write(text.getBytes(StandardCharsets.UTF_8)).whenComplete((v, e) -> pending.decrementAndGet());
    }

    @Override
    public CompletionStage<Void> send(SseEvent event) {
        return write(EventText.of(event));
    }

    @Override
    public CompletionStage<Void> data(Object data) {
        return send(SseEvent.of(text(data)));
    }

    @Override
    public CompletionStage<Void> event(String name, Object data) {
        return send(SseEvent.builder().name(name).data(text(data)).build());
    }

    @Override
    public CompletionStage<Void> comment(String text) {
        return send(SseEvent.builder().comment(text).build());
    }

    @Override
    public CompletionStage<Void> retry(Duration delay) {
        return send(SseEvent.builder().retry(delay).build());
    }

    @Override
    public String lastEventId() {
        return lastEventId;
    }

    @Override
    public CompletionStage<Void> close() {
        return out.close();
    }

    @Override
    public boolean isOpen() {
        return out.isOpen();
    }

    private String text(Object data) {
        return data instanceof String ? (String) data : new String(json.get().write(data), StandardCharsets.UTF_8);
    }
}
