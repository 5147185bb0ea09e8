package dev.lindy.hub.internal;

import dev.lindy.hub.History;
import dev.lindy.hub.Hub;
import dev.lindy.hub.HubBackend;
import dev.lindy.hub.Message;
import dev.lindy.hub.Overflow;
import dev.lindy.json.JsonMapper;
import dev.lindy.spi.Loop;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's hub: publishes through the backend, and fans the messages the backend hands back out to this
 * node's subscribers. A topic is followed while it has subscribers here, and forgotten with its last one,
 * so subscribers that come and go leave nothing behind.
 */
public final class DefaultHub implements Hub, HubBackend.Receiver {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultHub.class);

    private final HubBackend backend;
    private final Supplier<JsonMapper> json;
    private final int queue;
    private final Overflow overflow;
    private final ConcurrentHashMap<String, Local> topics = new ConcurrentHashMap<>();
    private volatile boolean started;

    /**
     * Creates a hub.
     *
     * @param backend the backend
     * @param json the app's JSON mapper, looked up when first needed
     * @param queue how many messages may wait per subscriber
     * @param overflow what happens past that
     */
    public DefaultHub(HubBackend backend, Supplier<JsonMapper> json, int queue, Overflow overflow) {
        this.backend = backend;
        this.json = json;
        this.queue = queue;
        this.overflow = overflow;
    }

    /** Starts the backend, unless it runs already; the app calls it before it serves. */
    public void start() {
        if (started) {
            return;
        }
        synchronized (this) {
            if (!started) {
                backend.start(this);
                started = true;
            }
        }
    }

    /** Stops the backend; the app calls it when it stops. A later {@link #start} starts it again. */
    public synchronized void close() {
        if (started) {
            started = false;
            backend.close();
        }
    }

    // ---- publishing --------------------------------------------------------------------------------

    @Override
    public CompletionStage<Message> publish(String topic, Object payload) {
        TopicNames.check(topic);
        String data = new String(json.get().write(payload), StandardCharsets.UTF_8);
        start();
        try {
            return backend.publish(topic, data);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<History> history(String topic, long afterId) {
        TopicNames.check(topic);
        if (afterId < 0) {
            throw new IllegalArgumentException("afterId must not be negative: " + afterId);
        }
        start();
        try {
            return backend.history(topic, afterId);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public int subscribers(String topic) {
        Local t = topics.get(topic);
        return t == null ? 0 : t.subscribers.size();
    }

    @Override
    public <T> T read(Message message, Type type) {
        return json.get().read(message.data().getBytes(StandardCharsets.UTF_8), type);
    }

    /**
     * Returns how many topics have subscribers on this node.
     *
     * @return the count
     */
    public int followedTopics() {
        return topics.size();
    }

    // ---- subscribing -------------------------------------------------------------------------------

    /**
     * Subscribes a sink to a topic, for as long as its owner lives.
     *
     * @param topic the topic, already checked
     * @param afterId the id to catch up from (0 for everything retained), or -1 to start after the topic's
     *     newest message
     * @param owner what the subscription belongs to
     * @param sink where the messages go
     * @return the subscription
     */
    public DefaultSubscription subscribe(String topic, long afterId, Owner owner, Sink sink) {
        start();
        DefaultSubscription sub = new DefaultSubscription(this, topic, sink, owner.loop(), queue, overflow, afterId);
        Local local = topics.compute(topic, (t, existing) -> {
            Local l = existing != null ? existing : new Local(follow(t));
            l.subscribers.add(sub);
            return l;
        });
        sub.detachWith(owner.onEnd(sub::cancel));
        local.followed.whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("the hub backend failed to follow {}; its subscriber may miss messages", topic, e);
            }
            if (afterId >= 0) {
                catchUp(sub, afterId);
            } else {
                sub.live();
            }
        });
        return sub;
    }

    private CompletionStage<Void> follow(String topic) {
        try {
            return backend.follow(topic);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void catchUp(DefaultSubscription sub, long afterId) {
        CompletionStage<History> history;
        try {
            history = backend.history(sub.topic(), afterId);
        } catch (RuntimeException e) {
            history = CompletableFuture.failedFuture(e);
        }
        history.whenComplete((h, e) -> {
            if (e != null) {
                LOG.warn("could not read the history of {}; its subscriber may have missed messages", sub.topic(), e);
                h = new History(List.of(), 0, afterId != 0);
            }
            sub.caughtUp(h);
        });
    }

    /** A subscription ended: it leaves its topic, and a topic without subscribers is no longer followed. */
    void leave(DefaultSubscription sub) {
        topics.computeIfPresent(sub.topic(), (t, local) -> {
            local.subscribers.remove(sub);
            if (!local.subscribers.isEmpty()) {
                return local;
            }
            try {
                backend.unfollow(t);
            } catch (RuntimeException e) {
                LOG.warn("the hub backend failed to unfollow {}", t, e);
            }
            return null;
        });
    }

    // ---- what the backend hands back ---------------------------------------------------------------

    @Override
    public void receive(Message message) {
        Local local = topics.get(message.topic());
        if (local == null) {
            return;
        }
        // One task per event loop wakes all of its subscribers that have something new.
        Map<Loop, List<DefaultSubscription>> due = null;
        for (DefaultSubscription sub : local.subscribers) {
            if (sub.offer(message)) {
                if (due == null) {
                    due = new IdentityHashMap<>(4);
                }
                due.computeIfAbsent(sub.loop(), l -> new ArrayList<>()).add(sub);
            }
        }
        if (due != null) {
            due.forEach((loop, subs) -> loop.execute(() -> subs.forEach(DefaultSubscription::drain)));
        }
    }

    @Override
    public void local(String topic, String data) {
        receive(new Message(topic, 0, data));
    }

    @Override
    public void missed(String topic) {
        Local local = topics.get(topic);
        if (local == null) {
            return;
        }
        for (DefaultSubscription sub : local.subscribers) {
            long from = sub.recatch();
            if (from >= 0) {
                catchUp(sub, from);
            }
        }
    }

    /** A topic followed on this node: its subscribers, and the backend's promise to hand its messages on. */
    private static final class Local {
        final Set<DefaultSubscription> subscribers = ConcurrentHashMap.newKeySet();
        final CompletionStage<Void> followed;

        Local(CompletionStage<Void> followed) {
            this.followed = followed;
        }
    }
}
