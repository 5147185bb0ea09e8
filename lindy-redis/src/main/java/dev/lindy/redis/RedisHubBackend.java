package dev.lindy.redis;

import dev.lindy.hub.History;
import dev.lindy.hub.HubBackend;
import dev.lindy.hub.Message;
import dev.lindy.hub.internal.TopicNames;
import dev.lindy.redis.internal.HubFollows;
import dev.lindy.redis.internal.HubStreams;
import dev.lindy.redis.internal.RedisLink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The hub's messages carried by Redis, so that a message published on one node of an app reaches the long
 * polls, event streams and WebSockets waiting on every node. Each topic is a Redis stream that keeps its
 * newest messages (about {@code history} of them; {@code XADD} with {@code MAXLEN ~}), so a client that
 * reconnects to another node catches up from it ({@code Last-Event-ID}, a long poll's {@code since}); a
 * message's id is its stream id. Publishing appends to the stream and announces the message on the topic's
 * channel in one atomic step; each node subscribes to the channels of the topics its clients follow and
 * hands their messages to its own subscribers. Keys begin with {@link RedisSettings#prefix()}, and a topic
 * nobody publishes to for {@link RedisSettings#historyRetention()} loses its history.
 *
 * <p>An app chooses it with {@code lindy.hub.backend: redis} and a {@code redis:} section in its configuration,
 * or in code:
 *
 * <pre>{@code
 * RedisSettings redis = RedisSettings.builder().uri(uri).prefix("shared:").build();
 * Settings settings = Settings.builder()
 *         .hubBackend(new RedisHubBackend(redis, 1000))
 *         .build();
 * }</pre>
 *
 * <p>The app starts it when it starts, and closes it when it stops.
 *
 * <p>When Redis is lost while the app runs, a publish fails with a {@link RedisUnavailableException} (its
 * stage fails; after a timeout the command may still have run, so a retry can post twice), subscribers stay
 * subscribed, and the client reconnects by itself, waiting longer each time up to
 * {@link RedisSettings#maxReconnectDelay()}. A publish made while this node's connection is known to be down
 * fails at once, and still reaches this node's own subscribers as a {@linkplain Message#isLocal() local}
 * message (no id, no history): a chat on one node goes on while Redis is away. Once Redis is back, delivery
 * between nodes resumes, and the subscribers of every topic followed here catch up from the streams on what
 * the other nodes published meanwhile. Nothing here blocks, except {@link #start}, which connects.
 */
public final class RedisHubBackend implements HubBackend {
    private final RedisSettings settings;
    private final int history;
    private volatile RedisLink link;
    private volatile HubFollows follows;
    private volatile Receiver receiver;

    /**
     * Creates a backend; it connects when the app starts it.
     *
     * @param settings where Redis is
     * @param history how many of its newest messages each topic keeps, about; 0 keeps none
     */
    public RedisHubBackend(RedisSettings settings, int history) {
        if (history < 0) {
            throw new IllegalArgumentException("history must not be negative: " + history);
        }
        this.settings = settings;
        this.history = history;
    }

    /**
     * Connects to Redis, waiting for the connections.
     *
     * @throws IllegalStateException if Redis is unreachable, unless the settings allow starting degraded
     */
    @Override
    public synchronized void start(Receiver receiver) {
        RedisLink opened = RedisLink.open(settings, "hub");
        try {
            follows = HubFollows.open(opened, receiver);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        this.receiver = receiver;
        link = opened;
    }

    @Override
    public CompletionStage<Message> publish(String topic, String data) {
        TopicNames.check(topic);
        RedisLink l = link;
        if (l == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the hub backend is not started"));
        }
        Receiver r = receiver;
        if (!l.isConnected() && r != null) {
            // Redis is known to be away, so the command would be refused unsent: this node's subscribers still
            // get the message, and the publisher is told that nobody else did.
            r.local(topic, data);
            return CompletableFuture.failedFuture(new RedisUnavailableException(l.unavailable(null).getMessage()
                    + "; the message reached this node's subscribers only", null));
        }
        return HubStreams.publish(l, topic, data, history).thenApply(id -> new Message(topic, id, data));
    }

    @Override
    public CompletionStage<History> history(String topic, long afterId) {
        TopicNames.check(topic);
        if (afterId < 0) {
            throw new IllegalArgumentException("afterId must not be negative: " + afterId);
        }
        RedisLink l = link;
        if (l == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the hub backend is not started"));
        }
        return HubStreams.history(l, topic, afterId, history);
    }

    /** Completes once Redis confirmed the subscription: at once while connected, else once it is back. */
    @Override
    public CompletionStage<Void> follow(String topic) {
        HubFollows f = follows;
        if (f == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the hub backend is not started"));
        }
        return f.follow(topic);
    }

    @Override
    public void unfollow(String topic) {
        HubFollows f = follows;
        if (f != null) {
            f.unfollow(topic);
        }
    }

    /** Closes the connections; a later {@link #start} opens new ones. */
    @Override
    public synchronized void close() {
        if (follows != null) {
            follows.close();
            follows = null;
        }
        if (link != null) {
            link.close();
            link = null;
        }
    }
}
