package dev.lindy.hub.internal;

import dev.lindy.Context;
import dev.lindy.HttpException;
import dev.lindy.Responder;
import dev.lindy.hub.Feed;
import dev.lindy.hub.Message;
import dev.lindy.http.Headers;
import dev.lindy.http.Response;
import dev.lindy.sse.SseEmitter;
import dev.lindy.sse.internal.DefaultSseEmitter;
import dev.lindy.sse.internal.EventText;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** A topic about to answer a request: as an event stream or a long poll. */
public final class DefaultFeed implements Feed {
    private static final Duration POLL_WAIT = Duration.ofSeconds(20);
    // The empty answer goes out this long before the deadline, so the deadline never answers a poll.
    private static final Duration POLL_MARGIN = Duration.ofSeconds(5);

    private final Context ctx;
    private final DefaultHub hub;
    private final String topic;
    private final Owner owner;
    private final Supplier<DefaultSseEmitter> sse;
    private long since = -1;

    /**
     * Creates a feed.
     *
     * @param ctx the request
     * @param hub the hub
     * @param topic the topic, already checked
     * @param owner the request as a subscription's owner
     * @param sse opens the request's event stream
     */
    public DefaultFeed(Context ctx, DefaultHub hub, String topic, Owner owner, Supplier<DefaultSseEmitter> sse) {
        this.ctx = ctx;
        this.hub = hub;
        this.topic = topic;
        this.owner = owner;
        this.sse = sse;
    }

    @Override
    public Feed since(long id) {
        if (id < 0) {
            throw new IllegalArgumentException("a message id is not negative: " + id);
        }
        since = id;
        return this;
    }

    @Override
    public Feed since(String id) {
        if (id != null) {
            since = parse(id, "since");
        }
        return this;
    }

    @Override
    public SseEmitter toSse() {
        String lastEventId = ctx.request().header("Last-Event-ID");
        long from = lastEventId == null || lastEventId.isEmpty() ? since : parse(lastEventId, "Last-Event-ID");
        DefaultSseEmitter stream = sse.get();
        hub.subscribe(topic, from, owner, new SseSink(stream));
        return stream;
    }

    @Override
    public void poll() {
        poll(POLL_WAIT);
    }

    @Override
    public void poll(Duration wait) {
        if (wait.isNegative() || wait.isZero()) {
            throw new IllegalArgumentException("a poll waits a positive time: " + wait);
        }
        Responder respond = ctx.respond();
        ctx.deadline(wait.plus(POLL_MARGIN));
        PollSink sink = new PollSink(respond, since);
        sink.subscription = hub.subscribe(topic, since, owner, sink);
        ctx.after(wait, sink::nothingCame);
    }

    private static long parse(String id, String what) {
        try {
            long n = Long.parseLong(id.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Answered below, like a negative number.
        }
        throw new HttpException(400, what + " must be a message id (a number of 0 or more), not \"" + id + "\".");
    }

    /** Messages as events of the request's stream, one write per batch. */
    private static final class SseSink implements Sink {
        private final DefaultSseEmitter stream;

        SseSink(DefaultSseEmitter stream) {
            this.stream = stream;
        }

        @Override
        public CompletionStage<?> deliver(List<Message> messages, long dropped, boolean missed) {
            StringBuilder text = new StringBuilder(messages.size() * 48 + 32);
            if (missed) {
                text.append("event: missed\ndata: {}\n\n");
            }
            if (dropped > 0) {
                text.append("event: dropped\ndata: {\"count\":").append(dropped).append("}\n\n");
            }
            for (Message m : messages) {
                if (m.isLocal()) {
                    // Without an id a browser gives the event the last id it saw, as if it were a replay:
                    // a name of its own tells it apart, and leaves the stream's Last-Event-ID as it was.
                    EventText.appendLocal(text, m.data());
                } else {
                    EventText.appendMessage(text, m.id(), m.data());
                }
            }
            return stream.write(text.toString());
        }

        @Override
        public void overflowed() {
            // A clean end: the browser reconnects with the last id it saw and catches up from the history.
            stream.close();
        }
    }

    /** The first messages to come answer the poll. */
    private final class PollSink implements Sink {
        private final Responder respond;
        private final long from;
        volatile DefaultSubscription subscription;

        PollSink(Responder respond, long from) {
            this.respond = respond;
            this.from = from;
        }

        @Override
        public CompletionStage<?> deliver(List<Message> messages, long dropped, boolean missed) {
            long last = Math.max(from, 0);
            for (Message m : messages) {
                last = Math.max(last, m.id());
            }
            DefaultSubscription sub = subscription;
            if (missed && messages.isEmpty() && sub != null) {
                // Nothing retained after the client's id: give it the newest, so it cannot ask the same again.
                last = sub.newestId();
            }
            if (last == 0 && from < 0) {
                // Local messages alone, for a poll from now: the id to go on from is the topic's newest.
                answerFromNewest(missed, messages);
            } else {
                answer(last, missed, messages);
            }
            return null;
        }

        // The wait is over: an empty answer, with the id to go on from.
        void nothingCame() {
            if (from >= 0) {
                answer(from, false, List.of());
                return;
            }
            answerFromNewest(false, List.of());
        }

        private void answerFromNewest(boolean missed, List<Message> messages) {
            hub.history(topic, 0).whenComplete((h, e) -> answer(h == null ? 0 : h.lastId(), missed, messages));
        }

        private void answer(long last, boolean missed, List<Message> messages) {
            byte[] body = Envelopes.poll(last, missed, messages).getBytes(StandardCharsets.UTF_8);
            respond.send(Response.of(200, Headers.of("Content-Type", "application/json", "Cache-Control", "no-store"), body));
        }

        @Override
        public void overflowed() {
            owner.overflowed();
        }
    }
}
