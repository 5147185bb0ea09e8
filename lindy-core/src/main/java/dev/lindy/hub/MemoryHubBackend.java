package dev.lindy.hub;

import dev.lindy.hub.internal.TopicNames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process hub backend, the default: topics live in this JVM, and every call answers at once.
 * Messages are not shared between nodes and do not survive a restart; use a backend over a broker for
 * that.
 *
 * <p>Memory is bounded: each topic keeps its newest {@code history} messages, and the backend keeps the
 * history of {@code maxTopics} topics at most, forgetting the one published to or read least recently
 * first. A forgotten topic's history starts again empty; its subscribers still get every new message.
 *
 * <p>Ids come from one counter for every topic, started from the clock (in microseconds since 1970) when
 * the backend is made: ids never repeat within a run, and a run's ids are larger than an earlier run's.
 * So a client holding an id from before a restart, or from before its topic was forgotten, is told it
 * {@linkplain History#missed() missed} messages instead of getting a catch-up that looks whole.
 */
public final class MemoryHubBackend implements HubBackend {
    private final int history;
    private final AtomicLong ids = new AtomicLong(System.currentTimeMillis() * 1000);
    // Access order: the eldest entry is the topic used least recently, the first to be forgotten.
    private final LinkedHashMap<String, Log> topics;
    private volatile Receiver receiver;

    /**
     * Creates a backend.
     *
     * @param history how many of its newest messages each topic keeps; 0 keeps none
     * @param maxTopics how many topics' histories it keeps at most, at least 1
     */
    public MemoryHubBackend(int history, int maxTopics) {
        if (history < 0) {
            throw new IllegalArgumentException("history must not be negative: " + history);
        }
        if (maxTopics < 1) {
            throw new IllegalArgumentException("maxTopics must be at least 1: " + maxTopics);
        }
        this.history = history;
        this.topics = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Log> eldest) {
                return size() > maxTopics;
            }
        };
    }

    @Override
    public void start(Receiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public CompletionStage<Message> publish(String topic, String data) {
        TopicNames.check(topic);
        Log log;
        synchronized (topics) {
            log = topics.computeIfAbsent(topic, t -> new Log(ids.get()));
        }
        Message message;
        // The id is drawn and the message delivered under the topic's lock: delivery follows id order.
        synchronized (log) {
            message = new Message(topic, ids.incrementAndGet(), data);
            log.add(message, history);
            Receiver r = receiver;
            if (r != null) {
                r.receive(message);
            }
        }
        return CompletableFuture.completedFuture(message);
    }

    @Override
    public CompletionStage<History> history(String topic, long afterId) {
        TopicNames.check(topic);
        if (afterId < 0) {
            throw new IllegalArgumentException("afterId must not be negative: " + afterId);
        }
        Log log;
        synchronized (topics) {
            log = topics.get(topic);
        }
        if (log == null) {
            return CompletableFuture.completedFuture(new History(List.of(), 0, afterId != 0));
        }
        synchronized (log) {
            return CompletableFuture.completedFuture(log.after(afterId));
        }
    }

    @Override
    public CompletionStage<Void> follow(String topic) {
        // Every message reaches the receiver anyway; the hub ignores topics it does not follow.
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void unfollow(String topic) {
        // Nothing to let go of: see follow.
    }

    @Override
    public void close() {
        receiver = null;
    }

    /** One topic's history; guarded by itself. */
    private static final class Log {
        private final ArrayDeque<Message> retained = new ArrayDeque<>();
        // Ids up to the floor may have been this topic's and are gone: those from before this log began, and
        // those dropped from the history since.
        private long floor;
        private long lastId;

        Log(long floor) {
            this.floor = floor;
        }

        void add(Message message, int limit) {
            lastId = message.id();
            if (limit == 0) {
                floor = lastId;
                return;
            }
            retained.addLast(message);
            if (retained.size() > limit) {
                floor = retained.removeFirst().id();
            }
        }

        History after(long afterId) {
            List<Message> out = new ArrayList<>();
            for (Message m : retained) {
                if (m.id() > afterId) {
                    out.add(m);
                }
            }
            boolean missed = afterId != 0 && (afterId < floor || afterId > Math.max(lastId, floor));
            return new History(out, lastId, missed);
        }
    }
}
