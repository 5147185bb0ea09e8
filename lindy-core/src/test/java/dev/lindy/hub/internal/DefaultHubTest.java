package dev.lindy.hub.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.Action;
import dev.lindy.Cancellable;
import dev.lindy.hub.History;
import dev.lindy.hub.HubBackend;
import dev.lindy.hub.MemoryHubBackend;
import dev.lindy.hub.Message;
import dev.lindy.hub.Overflow;
import dev.lindy.json.JsonMapper;
import dev.lindy.spi.Loop;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The hub's fan-out, queues and catch-up, with a loop the test turns by hand: what reaches a subscriber, in
 * which order, and what happens when it falls behind.
 */
class DefaultHubTest {
    // Payloads are strings already in JSON form: the tests read exactly what they publish.
    private static final JsonMapper RAW = new JsonMapper() {
        @Override
        public byte[] write(Object value) {
            return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public <T> T read(byte[] json, Type type) {
            throw new UnsupportedOperationException();
        }
    };

    private final ManualLoop loop = new ManualLoop();

    private DefaultHub hub(int history, int queue, Overflow overflow) {
        return hub(new MemoryHubBackend(history, 100), queue, overflow);
    }

    private static DefaultHub hub(HubBackend backend, int queue, Overflow overflow) {
        DefaultHub hub = new DefaultHub(backend, () -> RAW, queue, overflow);
        hub.start();
        return hub;
    }

    @Test
    void messagesReachTheSubscriberOnItsLoopInOrder() {
        DefaultHub hub = hub(10, 100, Overflow.DROP_OLDEST);
        Recording sink = new Recording();
        hub.subscribe("t", -1, new TestOwner(loop), sink);
        for (int i = 0; i < 5; i++) {
            hub.publish("t", i);
        }
        assertEquals(List.of(), sink.data(), "delivered off the subscriber's loop");
        loop.runAll();
        assertEquals(List.of("0", "1", "2", "3", "4"), sink.data());
    }

    @Test
    void aSlowSubscriberIsNeverWrittenAheadOf() {
        DefaultHub hub = hub(10, 100, Overflow.DROP_OLDEST);
        Recording sink = new Recording();
        sink.hold = true;
        hub.subscribe("t", -1, new TestOwner(loop), sink);
        hub.publish("t", "a");
        loop.runAll();
        hub.publish("t", "b");
        hub.publish("t", "c");
        loop.runAll();
        assertEquals(1, sink.batches.size(), "a batch went out before the last one's write completed");
        sink.release();
        loop.runAll();
        assertEquals(List.of("a", "b", "c"), sink.data());
        assertEquals(List.of("b", "c"), sink.batches.get(1).stream().map(Message::data).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void aSubscriberThatFallsBehindLosesItsOldestMessagesAndIsTold() {
        DefaultHub hub = hub(10, 3, Overflow.DROP_OLDEST);
        Recording sink = new Recording();
        sink.hold = true;
        DefaultSubscription sub = hub.subscribe("t", -1, new TestOwner(loop), sink);
        hub.publish("t", "first");
        loop.runAll();
        for (int i = 0; i < 10; i++) {
            hub.publish("t", i);
        }
        assertEquals(7, sub.dropped());
        sink.release();
        loop.runAll();
        assertEquals(List.of("first", "7", "8", "9"), sink.data());
        assertEquals(7, sink.droppedSignals.get(0));
    }

    @Test
    void publishingNeverWaitsForASubscriberThatStopped() {
        DefaultHub hub = hub(0, 16, Overflow.DROP_OLDEST);
        Recording sink = new Recording();
        sink.hold = true;
        DefaultSubscription sub = hub.subscribe("t", -1, new TestOwner(loop), sink);
        for (int i = 0; i < 100_000; i++) {
            assertTrue(hub.publish("t", i).toCompletableFuture().isDone());
        }
        loop.runAll();
        // Its loop never ran: the queue holds the newest sixteen, and every other message was dropped.
        assertEquals(100_000 - 16, sub.dropped());
    }

    @Test
    void underTheClosePolicyASubscriberThatFallsBehindEndsItsOwner() {
        DefaultHub hub = hub(10, 3, Overflow.CLOSE);
        Recording sink = new Recording();
        sink.hold = true;
        TestOwner owner = new TestOwner(loop);
        DefaultSubscription sub = hub.subscribe("t", -1, owner, sink);
        for (int i = 0; i < 5; i++) {
            hub.publish("t", i);
        }
        loop.runAll();
        assertFalse(sub.isActive());
        assertEquals(1, sink.overflows.get());
        assertEquals(0, hub.subscribers("t"));
        assertEquals(0, hub.followedTopics());
    }

    @Test
    void aCatchUpDeliversTheHistoryThenTheLiveMessagesOnce() {
        Deferred backend = new Deferred(new MemoryHubBackend(10, 100));
        DefaultHub hub = hub(backend, 100, Overflow.DROP_OLDEST);
        long first = hub.publish("t", "a").toCompletableFuture().join().id();
        hub.publish("t", "b");
        Recording sink = new Recording();
        backend.holdHistory = true;
        hub.subscribe("t", first, new TestOwner(loop), sink);
        // Published while the history is on its way: it is in the history and live, and must come once.
        hub.publish("t", "c");
        hub.publish("t", "d");
        loop.runAll();
        assertEquals(List.of(), sink.data(), "live messages overtook the history");
        backend.releaseHistory();
        loop.runAll();
        assertEquals(List.of("b", "c", "d"), sink.data());
    }

    @Test
    void localMessagesAreNeverTakenForCopiesAndMoveNoSubscriberOn() {
        Deferred backend = new Deferred(new MemoryHubBackend(10, 100));
        DefaultHub hub = hub(backend, 100, Overflow.DROP_OLDEST);
        long first = hub.publish("t", "a").toCompletableFuture().join().id();
        hub.publish("t", "b");
        Recording sink = new Recording();
        backend.holdHistory = true;
        DefaultSubscription sub = hub.subscribe("t", first, new TestOwner(loop), sink);
        // While the history is on its way, and twice over: local messages have no id to tell copies apart.
        hub.local("t", "here");
        hub.local("t", "here");
        hub.publish("t", "c");
        loop.runAll();
        backend.releaseHistory();
        loop.runAll();
        assertEquals(List.of("here", "here", "b", "c"), sink.data());
        long numbered = sub.lastId();
        hub.local("t", "again");
        loop.runAll();
        assertEquals(List.of("here", "here", "b", "c", "again"), sink.data());
        assertEquals(numbered, sub.lastId(), "a local message moved the subscriber's place");
    }

    @Test
    void aCatchUpAfterALossKeepsTheMessagesHeldBackAndFillsTheGapBetweenThem() {
        Deferred backend = new Deferred(new MemoryHubBackend(10, 100));
        DefaultHub hub = hub(backend, 100, Overflow.DROP_OLDEST);
        Recording sink = new Recording();
        sink.hold = true;
        hub.subscribe("t", -1, new TestOwner(loop), sink);
        hub.publish("t", "a");
        loop.runAll();
        // Held back behind a slow client's write: b, a local message, then a gap, then c.
        hub.publish("t", "b");
        hub.local("t", "here");
        backend.deliver = false;
        hub.publish("t", "lost1");
        hub.publish("t", "lost2");
        backend.deliver = true;
        backend.holdHistory = true;
        hub.missed("t");
        hub.publish("t", "c");
        backend.releaseHistory();
        sink.release();
        loop.runAll();
        assertEquals(List.of("a", "b", "here", "lost1", "lost2", "c"), sink.data());
    }

    @Test
    void aLocalMessageGoesAheadOfACatchUpStillOnItsWay() {
        Deferred backend = new Deferred(new MemoryHubBackend(10, 100));
        DefaultHub hub = hub(backend, 100, Overflow.DROP_OLDEST);
        long first = hub.publish("t", "a").toCompletableFuture().join().id();
        hub.publish("t", "b");
        Recording sink = new Recording();
        backend.holdHistory = true;
        hub.subscribe("t", first, new TestOwner(loop), sink);
        hub.local("t", "here");
        loop.runAll();
        assertEquals(List.of("here"), sink.data(), "a local message waited for the history");
        backend.releaseHistory();
        loop.runAll();
        assertEquals(List.of("here", "b"), sink.data());
    }

    @Test
    void aSubscriberFromNowThatLostMessagesBeforeItsFirstIsToldItMissedSomeNotReplayedEverything() {
        Deferred backend = new Deferred(new MemoryHubBackend(10, 100));
        DefaultHub hub = hub(backend, 100, Overflow.DROP_OLDEST);
        hub.publish("t", "old");
        Recording sink = new Recording();
        hub.subscribe("t", -1, new TestOwner(loop), sink);
        loop.runAll();
        backend.deliver = false;
        hub.publish("t", "lost");
        backend.deliver = true;
        hub.missed("t");
        hub.publish("t", "next");
        loop.runAll();
        assertEquals(List.of("next"), sink.data(), "the history was replayed to a subscriber from now");
        assertEquals(1, sink.missedSignals, "the subscriber was not told it may have missed some");
    }

    @Test
    void aBackendThatLostMessagesHasItsSubscribersCaughtUp() {
        Deferred backend = new Deferred(new MemoryHubBackend(10, 100));
        DefaultHub hub = hub(backend, 100, Overflow.DROP_OLDEST);
        Recording sink = new Recording();
        hub.subscribe("t", -1, new TestOwner(loop), sink);
        hub.publish("t", "a");
        loop.runAll();
        backend.deliver = false;
        hub.publish("t", "lost");
        backend.deliver = true;
        hub.missed("t");
        hub.publish("t", "c");
        loop.runAll();
        assertEquals(List.of("a", "lost", "c"), sink.data());
    }

    @Test
    void aHundredThousandSubscribersThatComeAndGoLeaveNothingBehind() {
        CountingBackend backend = new CountingBackend(new MemoryHubBackend(10, 100));
        DefaultHub hub = hub(backend, 16, Overflow.DROP_OLDEST);
        for (int i = 0; i < 100_000; i++) {
            TestOwner owner = new TestOwner(loop);
            hub.subscribe("topic-" + (i % 7), i % 2 == 0 ? -1 : 0, owner, new Recording());
            if (i % 3 == 0) {
                hub.publish("topic-" + (i % 7), i);
            }
            loop.runAll();
            owner.end();
        }
        assertEquals(0, hub.followedTopics());
        for (int i = 0; i < 7; i++) {
            assertEquals(0, hub.subscribers("topic-" + i));
        }
        assertEquals(backend.follows.get(), backend.unfollows.get(), "follows and unfollows do not pair up");
    }

    @Test
    void aCancelledSubscriptionIsForgottenByItsOwner() {
        DefaultHub hub = hub(10, 10, Overflow.DROP_OLDEST);
        TestOwner owner = new TestOwner(loop);
        for (int i = 0; i < 1000; i++) {
            hub.subscribe("t", -1, owner, new Recording()).cancel();
        }
        assertEquals(0, owner.atEnd.size(), "a long-lived owner kept its cancelled subscriptions");
        assertEquals(0, hub.followedTopics());
    }

    @Test
    void aBadTopicIsRefused() {
        DefaultHub hub = hub(10, 10, Overflow.DROP_OLDEST);
        assertThrows(IllegalArgumentException.class, () -> hub.publish("", "x"));
        assertThrows(IllegalArgumentException.class, () -> hub.publish("a\nb", "x"));
        assertThrows(IllegalArgumentException.class, () -> hub.publish("x".repeat(201), "x"));
    }

    /** A sink that records batches; it can hold its writes back, as a slow client would. */
    private static final class Recording implements Sink {
        final List<List<Message>> batches = new ArrayList<>();
        final List<Long> droppedSignals = new ArrayList<>();
        int missedSignals;
        final AtomicInteger overflows = new AtomicInteger();
        boolean hold;
        CompletableFuture<Void> pending;

        @Override
        public CompletionStage<?> deliver(List<Message> messages, long dropped, boolean missed) {
            batches.add(messages);
            if (missed) {
                missedSignals++;
            }
            if (dropped > 0) {
                droppedSignals.add(dropped);
            }
            if (!hold) {
                return null;
            }
            pending = new CompletableFuture<>();
            return pending;
        }

        void release() {
            hold = false;
            if (pending != null) {
                pending.complete(null);
            }
        }

        @Override
        public void overflowed() {
            overflows.incrementAndGet();
        }

        List<String> data() {
            List<String> out = new ArrayList<>();
            batches.forEach(b -> b.forEach(m -> out.add(m.data())));
            return out;
        }
    }

    /** An owner the test ends by hand. */
    private static final class TestOwner implements Owner {
        private final Loop loop;
        private final List<Runnable> atEnd = new ArrayList<>();
        private boolean ended;

        TestOwner(Loop loop) {
            this.loop = loop;
        }

        @Override
        public Loop loop() {
            return loop;
        }

        @Override
        public Cancellable onEnd(Runnable action) {
            if (ended) {
                action.run();
            } else {
                atEnd.add(action);
            }
            return () -> atEnd.remove(action);
        }

        @Override
        public void run(Action action) {
            try {
                action.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void overflowed() {
            end();
        }

        @Override
        public boolean isOpen() {
            return !ended;
        }

        void end() {
            ended = true;
            new ArrayList<>(atEnd).forEach(Runnable::run);
        }
    }

    /** A backend that can hold its history answers back, or lose deliveries, as a networked one might. */
    private static final class Deferred implements HubBackend {
        private final HubBackend inner;
        private final List<Runnable> heldHistories = new ArrayList<>();
        boolean holdHistory;
        volatile boolean deliver = true;

        Deferred(HubBackend inner) {
            this.inner = inner;
        }

        @Override
        public void start(Receiver receiver) {
            inner.start(new Receiver() {
                @Override
                public void receive(Message message) {
                    if (deliver) {
                        receiver.receive(message);
                    }
                }

                @Override
                public void local(String topic, String data) {
                    receiver.local(topic, data);
                }

                @Override
                public void missed(String topic) {
                    receiver.missed(topic);
                }
            });
        }

        @Override
        public CompletionStage<Message> publish(String topic, String data) {
            return inner.publish(topic, data);
        }

        @Override
        public CompletionStage<History> history(String topic, long afterId) {
            if (!holdHistory) {
                return inner.history(topic, afterId);
            }
            CompletableFuture<History> later = new CompletableFuture<>();
            heldHistories.add(() -> inner.history(topic, afterId).thenAccept(later::complete));
            return later;
        }

        void releaseHistory() {
            holdHistory = false;
            heldHistories.forEach(Runnable::run);
        }

        @Override
        public CompletionStage<Void> follow(String topic) {
            return inner.follow(topic);
        }

        @Override
        public void unfollow(String topic) {
            inner.unfollow(topic);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /** A backend that counts follows and unfollows. */
    private static final class CountingBackend implements HubBackend {
        private final HubBackend inner;
        final AtomicInteger follows = new AtomicInteger();
        final AtomicInteger unfollows = new AtomicInteger();

        CountingBackend(HubBackend inner) {
            this.inner = inner;
        }

        @Override
        public void start(Receiver receiver) {
            inner.start(receiver);
        }

        @Override
        public CompletionStage<Message> publish(String topic, String data) {
            return inner.publish(topic, data);
        }

        @Override
        public CompletionStage<History> history(String topic, long afterId) {
            return inner.history(topic, afterId);
        }

        @Override
        public CompletionStage<Void> follow(String topic) {
            follows.incrementAndGet();
            return inner.follow(topic);
        }

        @Override
        public void unfollow(String topic) {
            unfollows.incrementAndGet();
            inner.unfollow(topic);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
