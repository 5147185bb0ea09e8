package dev.lindy.hub.internal;

import dev.lindy.Cancellable;
import dev.lindy.hub.History;
import dev.lindy.hub.Message;
import dev.lindy.hub.Overflow;
import dev.lindy.hub.Subscription;
import dev.lindy.spi.Loop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber: its bounded queue, its place in the topic (the last id it was handed), and the drain that
 * hands its messages to its sink on its loop, a batch at a time, each batch after the last one's write.
 *
 * <p>A subscription that catches up holds live messages back until the history has come: then the history's
 * messages go first, and anything seen twice (in the history and live) is handed on once, by id. A local
 * message (id 0) moves the subscriber's place on by nothing; it is handed on as it comes, ahead of a
 * catch-up still on its way (while the backend is away, that may take as long as the outage).
 */
public final class DefaultSubscription implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultSubscription.class);
    private static final int BATCH = 64;

    private static final int CATCHING_UP = 0;
    private static final int LIVE = 1;
    private static final int ENDED = 2;

    private final DefaultHub hub;
    private final String topic;
    private final Sink sink;
    private final Loop loop;
    private final int limit;
    private final Overflow overflow;
    // Guarded by this.
    private ArrayDeque<Message> queue;
    private int state;
    private long lastId;
    private long queuedUpTo;
    private long newestId;
    private long droppedTotal;
    private long droppedPending;
    private boolean missedPending;
    private boolean scheduled;
    private boolean busy;
    private Cancellable detach;
    // Started after the topic's newest message, whatever it was: until a numbered message comes, it has no
    // place in the topic that a history could continue from.
    private final boolean fromNow;

    DefaultSubscription(DefaultHub hub, String topic, Sink sink, Loop loop, int limit, Overflow overflow,
            long afterId) {
        this.hub = hub;
        this.topic = topic;
        this.sink = sink;
        this.loop = loop;
        this.limit = limit;
        this.overflow = overflow;
        this.fromNow = afterId < 0;
        this.lastId = Math.max(afterId, 0);
        this.queuedUpTo = lastId;
        this.state = CATCHING_UP;
    }

    Loop loop() {
        return loop;
    }

    /** Sets what forgets the subscription in its owner once it is cancelled; at once if it was. */
    void detachWith(Cancellable detach) {
        boolean ended;
        synchronized (this) {
            ended = state == ENDED;
            this.detach = detach;
        }
        if (ended) {
            detach.cancel();
        }
    }

    /**
     * Queues a live message; called by the hub on any thread.
     *
     * @return true if the subscriber must be drained now: the caller schedules {@link #drain} on its loop
     */
    boolean offer(Message message) {
        boolean closing = false;
        Cancellable d = null;
        synchronized (this) {
            if (state == ENDED || (!message.isLocal() && message.id() <= queuedUpTo)) {
                return false;
            }
            if (!message.isLocal()) {
                queuedUpTo = message.id();
            }
            if (queue == null) {
                queue = new ArrayDeque<>(4);
            }
            if (queue.size() >= limit) {
                if (overflow == Overflow.CLOSE) {
                    state = ENDED;
                    queue = null;
                    closing = true;
                    d = detach;
                } else {
                    queue.removeFirst();
                    droppedTotal++;
                    droppedPending++;
                }
            }
            if (!closing) {
                queue.addLast(message);
                return drainable() && schedule();
            }
        }
        // Ended for overflow: leave the topic, and end the owner on its loop.
        hub.leave(this);
        if (d != null) {
            d.cancel();
        }
        loop.execute(sink::overflowed);
        return false;
    }

    /** Nothing to catch up: the messages held back until the topic was followed go out. */
    void live() {
        boolean drain;
        synchronized (this) {
            if (state != CATCHING_UP) {
                return;
            }
            state = LIVE;
            drain = schedule();
        }
        if (drain) {
            loop.execute(this::drain);
        }
    }

    /** The catch-up's history came: its messages go first, then the live ones held back. */
    void caughtUp(History history) {
        boolean drain;
        synchronized (this) {
            if (state != CATCHING_UP) {
                return;
            }
            missedPending = history.missed();
            newestId = history.lastId();
            if (lastId > newestId) {
                // The client names an id the topic has not reached (its history was lost, or the id is made
                // up): it is told it missed messages, and follows from the topic's newest id on, or every
                // live message would look old to it.
                missedPending = true;
                lastId = newestId;
                queuedUpTo = newestId;
                if (queue != null) {
                    for (Message m : queue) {
                        queuedUpTo = Math.max(queuedUpTo, m.id());
                    }
                }
            }
            queue = merge(history.messages());
            state = LIVE;
            drain = schedule();
        }
        if (drain) {
            loop.execute(this::drain);
        }
    }

    // The history and the messages held back, in id order, each numbered one once, the held-back local ones
    // where they stand: what the history holds from before a held-back message goes ahead of it. Guarded by
    // this.
    private ArrayDeque<Message> merge(List<Message> kept) {
        ArrayDeque<Message> merged = new ArrayDeque<>(kept.size() + (queue == null ? 0 : queue.size()));
        int h = 0;
        if (queue != null) {
            for (Message m : queue) {
                if (!m.isLocal()) {
                    for (; h < kept.size() && kept.get(h).id() <= m.id(); h++) {
                        long id = kept.get(h).id();
                        if (id > lastId && id < m.id()) {
                            merged.addLast(kept.get(h));
                        }
                    }
                }
                merged.addLast(m);
            }
        }
        for (; h < kept.size(); h++) {
            if (kept.get(h).id() > lastId) {
                merged.addLast(kept.get(h));
            }
        }
        return merged;
    }

    /**
     * The backend may have lost messages: catch up again from the last id handed on. A subscriber that has
     * no place in the topic yet cannot catch up (the history would bring everything it holds): it is told
     * it may have missed some.
     *
     * @return the id to catch up from, or -1 when there is nothing to read
     */
    long recatch() {
        boolean drain;
        synchronized (this) {
            if (state != LIVE) {
                return -1;
            }
            if (!fromNow || lastId > 0) {
                state = CATCHING_UP;
                return lastId;
            }
            missedPending = true;
            drain = schedule();
        }
        if (drain) {
            loop.execute(this::drain);
        }
        return -1;
    }

    // Whether a drain may run: a live subscriber's, or local messages at the head of the queue while it
    // catches up (while the backend is away, its follow or history may wait as long). Guarded by this.
    private boolean drainable() {
        return state == LIVE || (state == CATCHING_UP && queue != null && !queue.isEmpty() && queue.peekFirst().isLocal());
    }

    // True when the caller must schedule a drain; marks it scheduled. Guarded by this.
    private boolean schedule() {
        boolean empty = queue == null || queue.isEmpty();
        if (scheduled || busy || (empty && droppedPending == 0 && !missedPending)) {
            return false;
        }
        scheduled = true;
        return true;
    }

    /** Hands the next batch to the sink; runs on the subscriber's loop. */
    void drain() {
        List<Message> batch;
        long dropped;
        boolean missed;
        synchronized (this) {
            scheduled = false;
            if (!drainable() || busy) {
                return;
            }
            boolean live = state == LIVE;
            batch = new ArrayList<>(Math.min(BATCH, queue == null ? 0 : queue.size()));
            while (queue != null && !queue.isEmpty() && batch.size() < BATCH && (live || queue.peekFirst().isLocal())) {
                Message m = queue.removeFirst();
                if (m.isLocal()) {
                    batch.add(m);
                } else if (m.id() > lastId) {
                    batch.add(m);
                    lastId = m.id();
                }
            }
            // Signals wait for the catch-up: it may answer them.
            dropped = live ? droppedPending : 0;
            missed = live && missedPending;
            if (batch.isEmpty() && dropped == 0 && !missed) {
                return;
            }
            if (live) {
                droppedPending = 0;
                missedPending = false;
            }
            busy = true;
        }
        CompletionStage<?> done;
        try {
            done = sink.deliver(batch, dropped, missed);
        } catch (RuntimeException e) {
            LOG.error("a subscriber of {} failed to take its messages; it was ended", topic, e);
            cancel();
            return;
        }
        if (done == null) {
            delivered();
        } else {
            done.whenComplete((v, e) -> delivered());
        }
    }

    private void delivered() {
        boolean again;
        synchronized (this) {
            busy = false;
            again = drainable() && schedule();
        }
        if (again) {
            loop.execute(this::drain);
        }
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public synchronized long lastId() {
        return lastId;
    }

    /**
     * Returns the topic's newest id as the last catch-up found it.
     *
     * @return the id, 0 if none
     */
    public synchronized long newestId() {
        return newestId;
    }

    @Override
    public synchronized long dropped() {
        return droppedTotal;
    }

    @Override
    public synchronized boolean isActive() {
        return state != ENDED;
    }

    @Override
    public void cancel() {
        Cancellable d;
        synchronized (this) {
            if (state == ENDED) {
                return;
            }
            state = ENDED;
            queue = null;
            d = detach;
        }
        hub.leave(this);
        if (d != null) {
            d.cancel();
        }
    }

    @Override
    public String toString() {
        return "subscription to " + topic;
    }
}
