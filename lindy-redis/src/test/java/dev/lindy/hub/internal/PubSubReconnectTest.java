package dev.lindy.hub.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.Action;
import dev.lindy.Cancellable;
import dev.lindy.hub.HubBackend;
import dev.lindy.hub.Message;
import dev.lindy.hub.Overflow;
import dev.lindy.redis.RedisHubBackend;
import dev.lindy.redis.RedisSettings;
import dev.lindy.spi.Loop;
import dev.lindy.test.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A node whose publish/subscribe connection drops while Redis stays up (a network blip, Redis dropping a slow
 * subscriber at its output limit) loses no message silently: what was published meanwhile comes from the
 * stream, or the subscriber is told it missed messages.
 */
class PubSubReconnectTest {
    @Test
    void noSilentLossAcrossAPubSubReconnect() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            RedisSettings s = RedisSettings.builder().uri(redis.uri()).maxReconnectDelay(Duration.ofMillis(200)).build();
            HubBackend a = new RedisHubBackend(s, 100_000);
            a.start(new HubBackend.Receiver() {
                public void receive(Message m) { }
                public void local(String t, String d) { }
                public void missed(String t) { }
            });
            HubBackend bBackend = new RedisHubBackend(s, 100_000);
            DefaultHub hub = new DefaultHub(bBackend, () -> null, 1_000_000, Overflow.DROP_OLDEST);
            hub.start();
            ExecutorService loopThread = Executors.newSingleThreadExecutor();
            Loop loop = new Loop() {
                public void execute(Runnable task) { loopThread.execute(task); }
                public Cancellable after(Duration d, Runnable t) { return () -> { }; }
                public Cancellable every(Duration d, Runnable t) { return () -> { }; }
                public boolean inLoop() { return false; }
            };
            Set<Long> delivered = new ConcurrentSkipListSet<>();
            AtomicBoolean missedFlag = new AtomicBoolean();
            Owner owner = new Owner() {
                public Loop loop() { return loop; }
                public Cancellable onEnd(Runnable action) { return () -> { }; }
                public void run(Action action) { }
                public void overflowed() { }
                public boolean isOpen() { return true; }
            };
            Sink sink = new Sink() {
                public java.util.concurrent.CompletionStage<?> deliver(List<Message> ms, long dropped, boolean missed) {
                    ms.forEach(m -> delivered.add(m.id()));
                    if (missed || dropped > 0) {
                        missedFlag.set(true);
                    }
                    return null;
                }
                public void overflowed() { }
            };
            hub.subscribe("t", 0, owner, sink);
            Set<Long> published = new ConcurrentSkipListSet<>();
            AtomicBoolean run = new AtomicBoolean(true);
            Thread pub = new Thread(() -> {
                int i = 0;
                while (run.get()) {
                    try {
                        published.add(a.publish("t", Integer.toString(i++)).toCompletableFuture().get(5, TimeUnit.SECONDS).id());
                    } catch (Exception ignored) {
                        // A publish may fail while its own connection is being killed: only what succeeded counts.
                    }
                }
            });
            pub.start();
            // Eight kills, 400 ms apart: each lets the publisher run on while this node's subscriber is away.
            for (int k = 0; k < 8; k++) {
                Thread.sleep(400);
                new ProcessBuilder("redis-cli", "-p", Integer.toString(redis.port()), "CLIENT", "KILL", "TYPE", "pubsub")
                        .inheritIO().start().waitFor();
            }
            Thread.sleep(500);
            run.set(false);
            pub.join();
            long last = ((ConcurrentSkipListSet<Long>) published).last();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!delivered.contains(last) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Set<Long> lost = new TreeSet<>(published);
            lost.removeAll(delivered);
            hub.close();
            a.close();
            loopThread.shutdownNow();
            assertTrue(lost.isEmpty() || missedFlag.get(), "silently lost " + lost.size() + " of " + published.size());
        }
    }
}
