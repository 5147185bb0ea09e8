package dev.lindy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.hub.History;
import dev.lindy.hub.HubBackend;
import dev.lindy.hub.Message;
import dev.lindy.test.LindyExtension;
import dev.lindy.test.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hub backend when Redis is down at start, lost while running, or restarted with or without its data:
 * two backends on one redis-server stand for two nodes, and the test stops, kills and wipes the server.
 */
@ExtendWith(LindyExtension.class)
class RedisHubFaultsTest {
    private static final String TOPIC = "room";

    private RedisServer redis;
    private final List<HubBackend> started = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
    }

    @AfterEach
    void stopAll() {
        started.forEach(HubBackend::close);
        redis.close();
    }

    @Test
    void aStartWithRedisDownFailsAndSaysWhy() {
        redis.stop();
        HubBackend backend = new RedisHubBackend(settings().build(), 100);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> backend.start(new Recorder()));
        assertTrue(e.getMessage().contains("is unreachable for the hub"), e.getMessage());
        assertTrue(e.getMessage().contains("redis.startDegraded"), e.getMessage());
    }

    @Test
    void publishesWhileRedisIsLostFailAndDeliveryResumesWithTheMissedMessagesInTheHistory() throws Exception {
        Recorder onA = new Recorder();
        HubBackend a = start(onA);
        HubBackend b = start(new Recorder());
        get(a.follow(TOPIC));
        Message before = get(b.publish(TOPIC, "\"before\""));
        assertEquals(before, onA.next());

        redis.kill();
        ExecutionException refused = assertThrows(ExecutionException.class, () -> get(b.publish(TOPIC, "\"lost\"")));
        assertTrue(refused.getCause() instanceof RedisUnavailableException, refused.getCause().toString());
        redis.startAgain();

        Message after = eventuallyPublished(b, "\"after\"");
        assertEquals(TOPIC, onA.nextMissed(), "the node that lost its subscription is told to catch up");
        History caughtUp = get(a.history(TOPIC, before.id()));
        assertEquals(List.of(after), caughtUp.messages(), "what was published meanwhile is in the stream");
        assertFalse(caughtUp.missed());
        Message live = get(b.publish(TOPIC, "\"live\""));
        assertEquals(live, onA.nextAfter(after.id()), "cross-node delivery resumed");
    }

    @Test
    void aPublishWhileTheNodeKnowsRedisIsDownReachesItsOwnSubscribersAloneAndStillFails() throws Exception {
        Recorder onA = new Recorder();
        HubBackend a = start(onA);
        Recorder onB = new Recorder();
        HubBackend b = start(onB);
        get(a.follow(TOPIC));
        get(b.follow(TOPIC));
        redis.kill();
        // Until b has seen its connection drop, a publish fails on the wire, unsent or not: no local delivery.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        ExecutionException refused;
        do {
            refused = assertThrows(ExecutionException.class, () -> get(b.publish(TOPIC, "\"here only\"")));
            assertTrue(refused.getCause() instanceof RedisUnavailableException, refused.getCause().toString());
        } while (onB.locals.isEmpty() && System.nanoTime() < deadline);
        assertEquals(new Message(TOPIC, 0, "\"here only\""), onB.locals.poll());
        assertTrue(refused.getCause().getMessage().endsWith("the message reached this node's subscribers only"),
                refused.getCause().getMessage());
        redis.startAgain();
        // Node A follows live again once it has been told to catch up: from then on it gets every message.
        assertEquals(TOPIC, onA.nextMissed());
        Message after = eventuallyPublished(b, "\"after\"");
        assertEquals(after, onA.nextAfter(0), "the other node never got the local message");
        assertTrue(onA.locals.isEmpty());
        assertFalse(get(a.history(TOPIC, 0)).messages().stream().anyMatch(m -> m.data().contains("here only")),
                "a local message is kept in no history");
    }

    @Test
    void aRedisRestartedWithoutItsDataKeepsIdsGrowingAndTellsOldIdsTheyMissedSome() throws Exception {
        Recorder onA = new Recorder();
        HubBackend a = start(onA);
        get(a.follow(TOPIC));
        Message before = get(a.publish(TOPIC, "1"));
        redis.stop();
        redis.deleteData();
        redis.startAgain();
        Message after = eventuallyPublished(a, "2");
        assertTrue(after.id() > before.id(), after.id() + " after " + before.id());
        assertTrue(get(a.history(TOPIC, before.id())).missed(), "the history before the restart is gone");
        assertEquals(TOPIC, onA.nextMissed());
    }

    @Test
    void aDegradedStartFollowsAndPublishesOnceRedisAnswers() throws Exception {
        redis.stop();
        Recorder onA = new Recorder();
        HubBackend a = new RedisHubBackend(settings().startDegraded(true).build(), 100);
        a.start(onA);
        started.add(a);
        CompletionStage<Void> following = a.follow(TOPIC);
        assertThrows(ExecutionException.class, () -> get(a.publish(TOPIC, "\"nobody hears\"")));
        assertFalse(following.toCompletableFuture().isDone(), "a follow completes only once Redis confirmed it");
        redis.startAgain();
        get(following);
        Message m = eventuallyPublished(a, "\"heard\"");
        assertEquals(m, onA.next());
    }

    private HubBackend start(Recorder receiver) {
        HubBackend backend = new RedisHubBackend(settings().build(), 100);
        backend.start(receiver);
        started.add(backend);
        return backend;
    }

    private RedisSettings.Builder settings() {
        return RedisSettings.builder().uri(redis.uri()).maxReconnectDelay(Duration.ofMillis(200));
    }

    // Publishing fails until the node's connection is back, which takes it at most its longest wait.
    private static Message eventuallyPublished(HubBackend backend, String data) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                return get(backend.publish(TOPIC, data));
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** What reaches one node's hub: messages and topics to catch up on, in order. */
    private static final class Recorder implements HubBackend.Receiver {
        private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
        private final BlockingQueue<String> missed = new LinkedBlockingQueue<>();
        private final BlockingQueue<Message> locals = new LinkedBlockingQueue<>();

        @Override
        public void receive(Message message) {
            messages.add(message);
        }

        @Override
        public void local(String topic, String data) {
            locals.add(new Message(topic, 0, data));
        }

        @Override
        public void missed(String topic) {
            missed.add(topic);
        }

        Message next() throws InterruptedException {
            Message m = messages.poll(10, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no message within 10 s");
            }
            return m;
        }

        // Skips what the pub/sub connection may still have brought before it knew it was back.
        Message nextAfter(long id) throws InterruptedException {
            Message m = next();
            while (m.id() <= id) {
                m = next();
            }
            return m;
        }

        String nextMissed() throws InterruptedException {
            String topic = missed.poll(10, TimeUnit.SECONDS);
            if (topic == null) {
                throw new AssertionError("not told to catch up within 10 s");
            }
            return topic;
        }
    }
}
