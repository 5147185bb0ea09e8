package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.hub.History;
import dev.lindy.hub.HubBackend;
import dev.lindy.hub.MemoryHubBackend;
import dev.lindy.hub.Message;
import dev.lindy.test.StreamingResponse;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestRequest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Local messages, as a networked backend hands them on while its broker is away: each transport shows them
 * to this node's clients without an id, and no client's place in the topic moves.
 */
public abstract class LocalMessagesSuite extends HostedSuite {
    private final Outage backend = new Outage();

    /** Creates the suite; a subclass names the host it runs on. */
    protected LocalMessagesSuite() {
    }

    private App app() {
        App app = Lindy.app(Settings.builder().hubBackend(backend).build());
        app.async(GET, "/events", ctx -> ctx.subscribe("t").toSse());
        app.async(GET, "/poll", ctx -> ctx.subscribe("t").since(ctx.param("since")).poll());
        app.ws("/ws", ws -> ws.onOpen(socket -> socket.forward("t", 0)));
        return app;
    }

    @Test
    void anEventStreamGetsALocalEventWithoutAnIdAndGoesOnNumbered() throws Exception {
        App app = app();
        TestHost host = serve(app);
        Message first = publish(app, "first");
        StreamingResponse events = host.client().get("/events").header("Last-Event-ID", "0").stream();
        events.readUntil("data: \"first\"");
        backend.away = true;
        ExecutionException refused = assertThrows(ExecutionException.class, () -> publish(app, "here only"));
        assertEquals("the broker is away", refused.getCause().getMessage(), "the publisher is told");
        String local = events.readUntil("data: \"here only\"\n\n");
        assertTrue(local.endsWith("event: local\ndata: \"here only\"\n\n") && !local.contains("id:"), local);
        backend.away = false;
        Message second = publish(app, "second");
        assertTrue(events.readUntil("data: \"second\"").contains("id: " + second.id() + "\n"));
        assertEquals(first.id() + 1, second.id(), "a local message takes no id");
    }

    @Test
    void aLongPollAnsweredByALocalMessageKeepsTheClientsPlace() throws Exception {
        longPollAnsweredLocally(true);
    }

    @Test
    void aStreamOpenedWhileTheBrokerIsAwayGetsLocalMessagesBeforeItsFollowIsConfirmed() throws Exception {
        App app = app();
        TestHost host = serve(app);
        Message first = publish(app, "first");
        backend.away = true;
        StreamingResponse events = host.client().get("/events").header("Last-Event-ID", Long.toString(first.id())).stream();
        HubSuite.awaitSubscribers(host, "t", 1);
        assertThrows(ExecutionException.class, () -> publish(app, "here only"));
        events.readUntil("event: local\ndata: \"here only\"\n\n");
        backend.back();
        Message second = publish(app, "second");
        assertTrue(events.readUntil("data: \"second\"").contains("id: " + second.id() + "\n"));
    }

    @Test
    void aLongPollFromNowAnsweredByALocalMessageIsGivenTheNewestIdToGoOnFrom() throws Exception {
        longPollAnsweredLocally(false);
    }

    // A long poll, from the first message or from now, waits; a message this node only could deliver answers
    // it, and its place stays the first message's id either way.
    private void longPollAnsweredLocally(boolean sinceFirst) throws Exception {
        App app = app();
        TestHost host = serve(app);
        Message first = publish(app, "first");
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
            TestRequest poll = host.newClient().get("/poll");
            return (sinceFirst ? poll.query("since", Long.toString(first.id())) : poll).send().text();
        });
        HubSuite.awaitSubscribers(host, "t", 1);
        backend.away = true;
        assertThrows(ExecutionException.class, () -> publish(app, "here only"));
        assertEquals("{\"last\":" + first.id() + ",\"missed\":false,\"messages\":[{\"id\":0,\"data\":\"here only\"}]}",
                waiting.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aWebSocketGetsALocalMessageWithIdZero() throws Exception {
        App app = app();
        TestHost host = serve(app);
        WebSocketSuite.Client c = WebSocketSuite.Client.connect(host, "/ws", Map.of());
        HubSuite.awaitSubscribers(host, "t", 1);
        backend.away = true;
        assertThrows(ExecutionException.class, () -> publish(app, "here only"));
        assertEquals("{\"topic\":\"t\",\"id\":0,\"data\":\"here only\"}", c.events.poll(10, TimeUnit.SECONDS));
        backend.away = false;
        Message next = publish(app, "next");
        assertEquals("{\"topic\":\"t\",\"id\":" + next.id() + ",\"data\":\"next\"}", c.events.poll(10, TimeUnit.SECONDS));
        assertFalse(backend.history("t", 0).toCompletableFuture().get().messages().stream()
                .anyMatch(m -> m.data().contains("here only")), "a local message is kept in no history");
    }

    private static Message publish(App app, String text) throws Exception {
        return app.hub().publish("t", text).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The in-process backend, with a broker that can be away: then a publish reaches this node alone. */
    private static final class Outage implements HubBackend {
        private final MemoryHubBackend inner = new MemoryHubBackend(100, 100);
        private final CompletableFuture<Void> comeBack = new CompletableFuture<>();
        private volatile Receiver receiver;
        volatile boolean away;

        @Override
        public void start(Receiver r) {
            receiver = r;
            inner.start(r);
        }

        @Override
        public CompletionStage<Message> publish(String topic, String data) {
            if (away) {
                receiver.local(topic, data);
                return CompletableFuture.failedFuture(new IllegalStateException("the broker is away"));
            }
            return inner.publish(topic, data);
        }

        @Override
        public CompletionStage<History> history(String topic, long afterId) {
            return inner.history(topic, afterId);
        }

        // While the broker is away, a follow waits for it to come back, as a broker's subscription does.
        @Override
        public CompletionStage<Void> follow(String topic) {
            CompletionStage<Void> followed = inner.follow(topic);
            return away ? comeBack.thenCompose(v -> followed) : followed;
        }

        void back() {
            away = false;
            comeBack.complete(null);
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
}
