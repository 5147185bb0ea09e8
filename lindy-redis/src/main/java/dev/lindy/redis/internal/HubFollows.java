package dev.lindy.redis.internal;

import dev.lindy.hub.HubBackend;
import dev.lindy.hub.Message;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics one node follows, as subscriptions to their channels, kept through connections lost and
 * regained. A follow completes when Redis confirms its subscription, which waits for Redis while it is
 * unreachable. When the connection comes back, every followed topic is subscribed again, and each one that
 * was subscribed before the loss is reported {@linkplain HubBackend.Receiver#missed missed} once its new
 * subscription is confirmed, so the hub catches its subscribers up from the stream with nothing falling
 * between the history it reads and the messages that arrive. Its connection closes with the link.
 */
public final class HubFollows implements PubSubLink.Events, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HubFollows.class);

    private final RedisLink link;
    private final HubBackend.Receiver receiver;
    private final String prefix;
    private final Map<String, Follow> followed = new ConcurrentHashMap<>();
    private final AtomicBoolean retrying = new AtomicBoolean();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile PubSubLink pubSub;
    private volatile boolean closed;

    private HubFollows(RedisLink link, HubBackend.Receiver receiver) {
        this.link = link;
        this.receiver = receiver;
        this.prefix = link.settings().prefix();
    }

    /**
     * Opens the publish/subscribe connection of a node's hub.
     *
     * @param link the link
     * @param receiver the hub, which takes the messages
     * @return the follows
     * @throws IllegalStateException if the connection cannot be made and starting degraded is off
     */
    public static HubFollows open(RedisLink link, HubBackend.Receiver receiver) {
        HubFollows follows = new HubFollows(link, receiver);
        follows.pubSub = PubSubLink.open(link, follows);
        return follows;
    }

    /**
     * Follows a topic.
     *
     * @param topic the topic
     * @return completes once Redis confirmed the subscription
     */
    public CompletionStage<Void> follow(String topic) {
        Follow f = new Follow();
        followed.put(topic, f);
        subscribe(topic, f);
        return f.subscribed.copy();
    }

    /**
     * Stops following a topic.
     *
     * @param topic the topic
     */
    public void unfollow(String topic) {
        Follow f = followed.remove(topic);
        if (f != null) {
            PubSubLink p = pubSub;
            if (p != null) {
                p.unsubscribe(HubStreams.key(prefix, topic));
            }
        }
    }

    @Override
    public void message(String channel, String payload) {
        String topic = HubStreams.topic(prefix, channel);
        Follow f = topic == null ? null : followed.get(topic);
        // While a follow is stale the connection came back on its own and may bring messages past a gap: they
        // would move subscribers beyond it. The catch-up that ends the staleness brings them from the stream.
        if (f == null || f.stale) {
            return;
        }
        Message m;
        try {
            m = HubStreams.message(topic, payload);
        } catch (RuntimeException e) {
            LOG.warn("a message on {} is not one Lindy published; ignored: {}", channel, e.getMessage());
            return;
        }
        receiver.receive(m);
    }

    @Override
    public void connected() {
        followed.forEach(this::subscribe);
    }

    @Override
    public void disconnected() {
        if (closed) {
            return;
        }
        LOG.warn("lost the hub's connection to Redis at {}; reconnecting", link.where());
        followed.values().forEach(f -> f.stale = true);
    }

    @Override
    public void close() {
        closed = true;
        followed.values().forEach(f -> f.subscribed.completeExceptionally(new IllegalStateException("the hub backend closed")));
        followed.clear();
    }

    private void subscribe(String topic, Follow f) {
        PubSubLink p = pubSub;
        if (p == null || closed) {
            return;
        }
        p.subscribe(HubStreams.key(prefix, topic)).whenComplete((v, error) -> {
            if (followed.get(topic) != f) {
                return;
            }
            if (error != null) {
                retryLater();
                return;
            }
            boolean wasLive = f.subscribed.isDone();
            if (f.stale && wasLive) {
                if (!link.isConnected()) {
                    // The hub reads the history through the other connection: tell it once that one is back too.
                    retryLater();
                    return;
                }
                // Subscribers hold live messages back from the moment they are told, so nothing slips past.
                receiver.missed(topic);
                f.stale = false;
            }
            f.stale = false;
            failures.set(0);
            f.subscribed.complete(null);
        });
    }

    // A subscribe refused while the connection is down, or sent as it came back but before it was ready, is
    // sent again, with every other one still waiting, after a wait that grows like the reconnects' waits.
    private void retryLater() {
        if (closed || !retrying.compareAndSet(false, true)) {
            return;
        }
        link.later(() -> {
            retrying.set(false);
            followed.forEach((topic, f) -> {
                if (!f.subscribed.isDone() || f.stale) {
                    subscribe(topic, f);
                }
            });
        }, link.backoff(failures.incrementAndGet()));
    }

    /** A followed topic: confirmed once Redis subscribed it; stale while a lost connection may drop messages. */
    private static final class Follow {
        final CompletableFuture<Void> subscribed = new CompletableFuture<>();
        volatile boolean stale;
    }
}
