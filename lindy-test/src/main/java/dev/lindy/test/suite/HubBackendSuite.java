package dev.lindy.test.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.hub.History;
import dev.lindy.hub.HubBackend;
import dev.lindy.hub.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link HubBackend}, for any backend: ids, delivery to the receiver, history and
 * catch-up. A backend's test extends it and makes a fresh, started-later backend per test; every test uses
 * topics of its own, so a shared broker may serve them all.
 */
public abstract class HubBackendSuite {
    private static final long WAIT_SECONDS = 10;

    private final List<HubBackend> backends = new ArrayList<>();

    /** Creates the suite. */
    protected HubBackendSuite() {
    }

    /**
     * Makes a backend, not yet started, that keeps a given number of messages per topic.
     *
     * @param history how many of its newest messages each topic keeps
     * @return the backend
     */
    protected abstract HubBackend backend(int history);

    // ---- ids -------------------------------------------------------------------------------------------

    @Test
    void idsGrowWithinATopicInPublishOrderEvenWithoutWaiting() throws Exception {
        HubBackend b = started(100, new Received());
        String topic = topic();
        List<CompletionStage<Message>> stages = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            stages.add(b.publish(topic, "\"m" + i + "\""));
        }
        long previous = 0;
        for (int i = 0; i < 50; i++) {
            Message m = get(stages.get(i));
            assertEquals(topic, m.topic());
            assertEquals("\"m" + i + "\"", m.data());
            assertTrue(m.id() > previous, "id " + m.id() + " after " + previous);
            previous = m.id();
        }
    }

    // ---- delivery --------------------------------------------------------------------------------------

    @Test
    void aFollowedTopicsMessagesReachTheReceiverOnceInIdOrder() throws Exception {
        Received received = new Received();
        HubBackend b = started(100, received);
        String topic = topic();
        get(b.follow(topic));
        int threads = 4;
        int each = 100;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    b.publish(topic, "\"" + thread + ":" + i + "\"");
                }
                done.countDown();
            }).start();
        }
        assertTrue(done.await(WAIT_SECONDS, TimeUnit.SECONDS));
        List<Message> got = received.await(topic, threads * each);
        long previous = 0;
        Map<Integer, Integer> nextPerThread = new ConcurrentHashMap<>();
        for (Message m : got) {
            assertTrue(m.id() > previous, "delivered out of id order: " + m.id() + " after " + previous);
            previous = m.id();
            String[] parts = m.data().replace("\"", "").split(":");
            int thread = Integer.parseInt(parts[0]);
            int expected = nextPerThread.getOrDefault(thread, 0);
            assertEquals(expected, Integer.parseInt(parts[1]), "a publisher's messages out of its order");
            nextPerThread.put(thread, expected + 1);
        }
    }

    @Test
    void messagesPublishedBeforeAFollowAreNotRequiredButLaterOnesArrive() throws Exception {
        Received received = new Received();
        HubBackend b = started(100, received);
        String topic = topic();
        get(b.publish(topic, "\"before\""));
        get(b.follow(topic));
        Message after = get(b.publish(topic, "\"after\""));
        List<Message> got = received.await(topic, m -> m.id() == after.id());
        assertEquals("\"after\"", got.get(got.size() - 1).data());
    }

    // ---- history ---------------------------------------------------------------------------------------

    @Test
    void historyHoldsTheMessagesAfterAnId() throws Exception {
        HubBackend b = started(100, new Received());
        String topic = topic();
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(get(b.publish(topic, "" + i)));
        }
        History h = get(b.history(topic, sent.get(1).id()));
        assertEquals(sent.subList(2, 5), h.messages());
        assertEquals(sent.get(4).id(), h.lastId());
        assertFalse(h.missed());
        History upToDate = get(b.history(topic, sent.get(4).id()));
        assertEquals(List.of(), upToDate.messages());
        assertFalse(upToDate.missed());
    }

    @Test
    void anIdOfZeroAsksForEverythingRetainedAndNeverMisses() throws Exception {
        HubBackend b = started(3, new Received());
        String topic = topic();
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(get(b.publish(topic, "" + i)));
        }
        History h = get(b.history(topic, 0));
        assertEquals(sent.subList(2, 5), h.messages());
        assertFalse(h.missed());
    }

    @Test
    void historyIsBoundedAndTellsAClientTooFarBehindThatItMissedSome() throws Exception {
        HubBackend b = started(3, new Received());
        String topic = topic();
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(get(b.publish(topic, "" + i)));
        }
        History behind = get(b.history(topic, sent.get(2).id()));
        assertTrue(behind.missed(), "messages after the id were dropped, yet the history looked whole");
        assertEquals(sent.subList(7, 10), behind.messages());
        History justInTime = get(b.history(topic, sent.get(6).id()));
        assertFalse(justInTime.missed());
        assertEquals(sent.subList(7, 10), justInTime.messages());
    }

    @Test
    void anIdTheTopicNeverReachedIsMissedNotAwaited() throws Exception {
        HubBackend b = started(100, new Received());
        String topic = topic();
        Message m = get(b.publish(topic, "1"));
        History h = get(b.history(topic, m.id() + 1000));
        assertTrue(h.missed(), "an id from the future (a restart) must be reported as missed");
    }

    @Test
    void anUnknownTopicHasAnEmptyHistory() throws Exception {
        HubBackend b = started(100, new Received());
        History h = get(b.history(topic(), 0));
        assertEquals(List.of(), h.messages());
        assertEquals(0, h.lastId());
        assertFalse(h.missed());
    }

    @Test
    void publishingToATopicNobodyFollowsKeepsTheMessageInItsHistory() throws Exception {
        Received received = new Received();
        HubBackend b = started(100, received);
        String topic = topic();
        Message m = get(b.publish(topic, "{\"to\":\"nobody\"}"));
        assertEquals(List.of(m), get(b.history(topic, 0)).messages());
    }

    @Test
    void aTopicWithoutHistoryStillNumbersAndDelivers() throws Exception {
        Received received = new Received();
        HubBackend b = started(0, received);
        String topic = topic();
        get(b.follow(topic));
        Message first = get(b.publish(topic, "1"));
        Message second = get(b.publish(topic, "2"));
        assertTrue(second.id() > first.id());
        assertEquals(List.of(), get(b.history(topic, 0)).messages());
        assertTrue(get(b.history(topic, first.id())).missed(), "the message after this id is gone");
        assertEquals(2, received.await(topic, 2).size());
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private HubBackend started(int history, Received receiver) {
        HubBackend b = backend(history);
        b.start(receiver);
        backends.add(b);
        return b;
    }

    private static String topic() {
        return "suite-" + UUID.randomUUID();
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @AfterEach
    final void closeBackends() {
        backends.forEach(HubBackend::close);
        backends.clear();
    }

    /** A receiver that records what reaches it, per topic. */
    private static final class Received implements HubBackend.Receiver {
        private final Map<String, List<Message>> byTopic = new ConcurrentHashMap<>();
        private final Map<String, CompletableFuture<Void>> changes = new ConcurrentHashMap<>();

        @Override
        public void receive(Message message) {
            byTopic.computeIfAbsent(message.topic(), t -> new CopyOnWriteArrayList<>()).add(message);
            CompletableFuture<Void> f = changes.remove(message.topic());
            if (f != null) {
                f.complete(null);
            }
        }

        @Override
        public void local(String topic, String data) {
            // The suite's brokers stay connected.
        }

        @Override
        public void missed(String topic) {
            // The suite's brokers stay connected.
        }

        List<Message> await(String topic, int count) throws Exception {
            return await(topic, got -> false, count);
        }

        List<Message> await(String topic, java.util.function.Predicate<Message> last) throws Exception {
            return await(topic, last, Integer.MAX_VALUE);
        }

        private List<Message> await(String topic, java.util.function.Predicate<Message> last, int count)
                throws Exception {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            for (;;) {
                CompletableFuture<Void> change = changes.computeIfAbsent(topic, t -> new CompletableFuture<>());
                List<Message> got = List.copyOf(byTopic.getOrDefault(topic, List.of()));
                if (got.size() >= count || (!got.isEmpty() && last.test(got.get(got.size() - 1)))) {
                    assertTrue(got.size() <= count, "more messages than published: " + got.size());
                    return got;
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("only " + got.size() + " messages reached the receiver");
                }
                try {
                    change.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // Look again: a change may have completed an older future.
                }
            }
        }
    }
}
