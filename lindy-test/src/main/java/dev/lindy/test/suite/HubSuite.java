package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.Settings;
import dev.lindy.hub.Message;
import dev.lindy.hub.Overflow;
import dev.lindy.test.PendingResponse;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The hub and the requests that subscribe to it: a message wakes every subscriber, a long poll catches up
 * from the history, and a subscription ends with its request however the request ends: answered, timed out,
 * failed or left by its client.
 */
public abstract class HubSuite extends HostedSuite {

    /** Creates the suite; a subclass names the host it runs on. */
    protected HubSuite() {
    }

    /**
     * Tells whether the host notices a client that leaves a request which writes nothing. Servlet containers
     * notice only at a write, so there such a request ends at its deadline instead.
     *
     * @return true unless the host says otherwise
     */
    protected boolean noticesIdleDepartures() {
        return true;
    }

    // ---- listeners -----------------------------------------------------------------------------------

    @Test
    void aPublishWakesEveryWaitingRequest() throws Exception {
        App app = Lindy.app();
        app.async(GET, "/next", ctx -> {
            Responder respond = ctx.respond();
            ctx.subscribe("news", message -> respond.send(ctx.param("who") + " got " + message.data()));
        });
        TestHost host = serve(app);
        List<PendingResponse> waiting = new ArrayList<>();
        for (String who : new String[] {"ann", "bob", "cy"}) {
            waiting.add(host.newClient().get("/next?who=" + who).sendAsync());
        }
        awaitSubscribers(host, "news", 3);
        Message m = app.hub().publish("news", Map.of("text", "hi")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(m.id() > 0);
        assertEquals("ann got {\"text\":\"hi\"}", waiting.get(0).await().text());
        assertEquals("bob got {\"text\":\"hi\"}", waiting.get(1).await().text());
        assertEquals("cy got {\"text\":\"hi\"}", waiting.get(2).await().text());
        awaitSubscribers(host, "news", 0);
    }

    @Test
    void aSubscriptionEndsWhenItsRequestTimesOut() throws Exception {
        App app = Lindy.app();
        app.async(GET, "/wait", Duration.ofMillis(300), ctx -> {
            Responder respond = ctx.respond();
            ctx.subscribe("quiet", message -> respond.send(message.data()));
        });
        TestHost host = serve(app);
        PendingResponse pending = host.client().get("/wait").sendAsync();
        awaitSubscribers(host, "quiet", 1);
        host.elapse(Duration.ofMillis(300));
        assertEquals(503, pending.await().status());
        awaitSubscribers(host, "quiet", 0);
    }

    @Test
    void aSubscriptionEndsWhenItsClientLeaves() throws Exception {
        CountDownLatch left = new CountDownLatch(1);
        App app = Lindy.app();
        app.async(GET, "/wait", Duration.ofMillis(600), ctx -> {
            Responder respond = ctx.respond();
            ctx.onClose(left::countDown);
            ctx.subscribe("gone", message -> respond.send(message.data()));
        });
        TestHost host = serve(app);
        PendingResponse pending = host.client().get("/wait").sendAsync();
        awaitSubscribers(host, "gone", 1);
        pending.disconnect();
        if (noticesIdleDepartures()) {
            assertTrue(left.await(10, TimeUnit.SECONDS), "the client's departure was not noticed");
        } else {
            host.elapse(Duration.ofMillis(600));
        }
        awaitSubscribers(host, "gone", 0);
        assertTrue(app.hub().publish("gone", "late").toCompletableFuture().get(10, TimeUnit.SECONDS).id() > 0);
    }

    @Test
    void aListenerThatThrowsFailsItsRequestAndEndsItsSubscription() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        App app = Lindy.app();
        app.async(GET, "/fragile", ctx -> {
            Responder respond = ctx.respond();
            ctx.subscribe("bad", message -> {
                calls.incrementAndGet();
                throw new IllegalStateException("the listener broke, so " + respond + " never answers");
            });
        });
        TestHost host = serve(app);
        PendingResponse pending = host.client().get("/fragile").sendAsync();
        awaitSubscribers(host, "bad", 1);
        app.hub().publish("bad", "one");
        app.hub().publish("bad", "two");
        assertEquals(500, pending.await().status());
        awaitSubscribers(host, "bad", 0);
        assertEquals(1, calls.get(), "the listener ran again after it failed its request");
    }

    @Test
    void publishingToATopicNobodyFollowsOnlyKeepsItInTheHistory() throws Exception {
        App app = Lindy.app();
        app.async(GET, "/poll", ctx -> ctx.subscribe("empty").since(ctx.param("since")).poll(Duration.ofSeconds(1)));
        TestHost host = serve(app);
        Message m = app.hub().publish("empty", "into the void").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(0, app.hub().subscribers("empty"));
        String answer = host.client().get("/poll?since=0").send().text();
        assertEquals("{\"last\":" + m.id() + ",\"missed\":false,\"messages\":[{\"id\":" + m.id()
                + ",\"data\":\"into the void\"}]}", answer);
    }

    // ---- long polls ----------------------------------------------------------------------------------

    @Test
    void aLongPollWaitsForTheNextMessage() throws Exception {
        App app = Lindy.app();
        app.async(GET, "/poll", ctx -> ctx.subscribe("feed").since(ctx.param("since")).poll());
        TestHost host = serve(app);
        long before = app.hub().publish("feed", "old").toCompletableFuture().get(10, TimeUnit.SECONDS).id();
        PendingResponse pending = host.client().get("/poll?since=" + before).sendAsync();
        awaitSubscribers(host, "feed", 1);
        assertFalse(pending.isAnswered());
        long id = app.hub().publish("feed", "new").toCompletableFuture().get(10, TimeUnit.SECONDS).id();
        TestResponse r = pending.await();
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("{\"last\":" + id + ",\"missed\":false,\"messages\":[{\"id\":" + id + ",\"data\":\"new\"}]}", r.text());
        awaitSubscribers(host, "feed", 0);
    }

    @Test
    void aLongPollCatchesUpAtOnceFromTheHistory() throws Exception {
        App app = Lindy.app();
        app.async(GET, "/poll", ctx -> ctx.subscribe("feed").since(ctx.param("since")).poll());
        TestHost host = serve(app);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(app.hub().publish("feed", i).toCompletableFuture().get(10, TimeUnit.SECONDS).id());
        }
        String answer = host.client().get("/poll?since=" + ids.get(0)).send().text();
        assertEquals("{\"last\":" + ids.get(2) + ",\"missed\":false,\"messages\":[{\"id\":" + ids.get(1)
                + ",\"data\":1},{\"id\":" + ids.get(2) + ",\"data\":2}]}", answer);
    }

    @Test
    void aLongPollTooFarBehindIsToldItMissedMessages() throws Exception {
        App app = Lindy.app(Settings.builder().hubHistory(2).build());
        app.async(GET, "/poll", ctx -> ctx.subscribe("feed").since(ctx.param("since")).poll());
        TestHost host = serve(app);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(app.hub().publish("feed", i).toCompletableFuture().get(10, TimeUnit.SECONDS).id());
        }
        String answer = host.client().get("/poll?since=" + ids.get(0)).send().text();
        assertEquals("{\"last\":" + ids.get(4) + ",\"missed\":true,\"messages\":[{\"id\":" + ids.get(3)
                + ",\"data\":3},{\"id\":" + ids.get(4) + ",\"data\":4}]}", answer);
        String fromTheFuture = host.client().get("/poll?since=" + (ids.get(4) + 100)).send().text();
        assertEquals("{\"last\":" + ids.get(4) + ",\"missed\":true,\"messages\":[]}", fromTheFuture);
    }

    @Test
    void aLongPollWithNothingNewAnswersEmptyWhenItsWaitIsOver() throws Exception {
        App app = Lindy.app();
        app.async(GET, "/poll", ctx -> ctx.subscribe("still").since(ctx.param("since")).poll(Duration.ofMillis(300)));
        TestHost host = serve(app);
        long id = app.hub().publish("still", "x").toCompletableFuture().get(10, TimeUnit.SECONDS).id();
        TestResponse r = elapse(host, host.client().get("/poll?since=" + id), Duration.ofMillis(300));
        assertEquals(200, r.status());
        assertEquals("{\"last\":" + id + ",\"missed\":false,\"messages\":[]}", r.text());
        TestResponse fresh = elapse(host, host.client().get("/poll"), Duration.ofMillis(300));
        assertEquals("{\"last\":" + id + ",\"missed\":false,\"messages\":[]}", fresh.text());
        awaitSubscribers(host, "still", 0);
    }

    @Test
    void aMalformedSinceOrTopicIsABadRequest() {
        App app = Lindy.app();
        app.async(GET, "/poll/:topic", ctx -> ctx.subscribe(ctx.param("topic")).since(ctx.param("since")).poll());
        TestHost host = serve(app);
        TestResponse r = host.client().get("/poll/feed?since=yesterday").send();
        assertEquals(400, r.status());
        assertTrue(r.text().contains("since must be a message id"), r.text());
        assertEquals(400, host.client().get("/poll/feed?since=-3").send().status());
        String tooLong = "t".repeat(201);
        assertEquals(400, host.client().get("/poll/" + tooLong).send().status());
    }

    // ---- ordering and overflow -----------------------------------------------------------------------

    @Test
    void aPublishersMessagesArriveInItsOrder() throws Exception {
        int n = 200;
        CompletableFuture<List<String>> got = new CompletableFuture<>();
        App app = Lindy.app();
        app.async(GET, "/all", ctx -> {
            Responder respond = ctx.respond();
            List<String> seen = new ArrayList<>();
            ctx.subscribe("seq", message -> {
                seen.add(message.data());
                if (seen.size() == n) {
                    got.complete(seen);
                    respond.send("done");
                }
            });
        });
        TestHost host = serve(app);
        PendingResponse pending = host.client().get("/all").sendAsync();
        awaitSubscribers(host, "seq", 1);
        for (int i = 0; i < n; i++) {
            app.hub().publish("seq", i);
        }
        assertEquals("done", pending.await().text());
        List<String> seen = got.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < n; i++) {
            assertEquals(String.valueOf(i), seen.get(i));
        }
    }

    @Test
    void aSubscriberThatFallsBehindUnderTheClosePolicyGets503() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        App app = Lindy.app(Settings.builder().hubQueue(4).hubOverflow(Overflow.CLOSE).build());
        app.async(GET, "/slow", ctx -> {
            Responder respond = ctx.respond();
            // The listener holds the loop until released: messages pile up behind it.
            ctx.subscribe("fast", message -> {
                if (release.await(10, TimeUnit.SECONDS) && message.id() < 0) {
                    respond.send("never");
                }
            });
        });
        TestHost host = serve(app);
        PendingResponse pending = host.client().get("/slow").sendAsync();
        awaitSubscribers(host, "fast", 1);
        CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 20; i++) {
                app.hub().publish("fast", i);
            }
            release.countDown();
        }).get(10, TimeUnit.SECONDS);
        assertEquals(503, pending.await().status());
        awaitSubscribers(host, "fast", 0);
    }

    // ---- helpers -------------------------------------------------------------------------------------

    /**
     * Waits until a topic has a number of subscribers on the host's app, at most 10 s; subscriptions start and
     * end on the server's threads, after the client's call returned.
     *
     * @param host the host
     * @param topic the topic
     * @param n the number to wait for
     * @throws InterruptedException if interrupted
     */
    protected static void awaitSubscribers(TestHost host, String topic, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (host.app().hub().subscribers(topic) != n) {
            if (System.nanoTime() > end) {
                throw new AssertionError(topic + " has " + host.app().hub().subscribers(topic) + " subscribers, not " + n);
            }
            Thread.sleep(5);
        }
    }
}
