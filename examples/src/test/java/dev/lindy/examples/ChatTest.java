package dev.lindy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.test.PendingResponse;
import dev.lindy.test.StreamingResponse;
import dev.lindy.test.TestClient;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The chat's server side: lines said over HTTP or a WebSocket reach every transport, bad lines are refused. */
class ChatTest {
    private static final Path DIR = Path.of("chat");

    @Test
    void aLineSaidOverHttpReachesStreamsPollsAndTheHistory() throws Exception {
        try (TestHost host = TestHost.netty(Chat.app(DIR))) {
            TestClient c = host.client();
            StreamingResponse events = c.get("/events").stream();
            awaitSubscribers(host, 1);
            PendingResponse poll = host.newClient().get("/poll").sendAsync();
            awaitSubscribers(host, 2);
            TestResponse said = c.post("/say").json("{\"name\": \" ann \", \"text\": \"hello\"}").send();
            assertEquals(200, said.status());
            String id = said.text().replaceAll("\\D", "");
            assertEquals("id: " + id + "\ndata: {\"name\":\"ann\",\"text\":\"hello\"}\n\n", events.readUntil("hello\"}\n\n"));
            assertTrue(poll.await().text().contains("{\"id\":" + id + ",\"data\":{\"name\":\"ann\",\"text\":\"hello\"}}"));
            String history = c.get("/poll?since=0").send().text();
            assertTrue(history.contains("\"text\":\"hello\""), history);
            events.disconnect();
        }
    }

    @Test
    void aLineSaidOverAWebSocketReachesEveryone() throws Exception {
        try (TestHost host = TestHost.netty(Chat.app(DIR))) {
            StreamingResponse events = host.client().get("/events").stream();
            CompletableFuture<String> echoed = new CompletableFuture<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + host.port() + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                            echoed.complete(data.toString());
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            awaitSubscribers(host, 2);
            ws.sendText("{\"name\": \"bob\", \"text\": \"over the socket\"}", true);
            assertTrue(events.readUntil("socket\"}\n\n").contains("{\"name\":\"bob\",\"text\":\"over the socket\"}"));
            assertTrue(echoed.get(10, TimeUnit.SECONDS).contains("\"data\":{\"name\":\"bob\",\"text\":\"over the socket\"}"));
            ws.abort();
            events.disconnect();
        }
    }

    @Test
    void aClientThatLoggedInSpeaksUnderItsSessionsName() {
        try (TestHost host = TestHost.netty(Chat.app(DIR))) {
            TestClient c = host.client();
            assertEquals(200, c.post("/login").form("name", "ann").send().status());
            assertEquals(200, c.post("/say").json("{\"name\": \"bob\", \"text\": \"it was me\"}").send().status());
            String history = c.get("/poll?since=0").send().text();
            assertTrue(history.contains("{\"name\":\"ann\",\"text\":\"it was me\"}"), history);
        }
    }

    @Test
    void badLinesAndBadCursorsAreRefused() {
        try (TestHost host = TestHost.netty(Chat.app(DIR))) {
            TestClient c = host.client();
            assertEquals(400, c.post("/say").json("{\"name\": \"\", \"text\": \"x\"}").send().status());
            assertEquals(400, c.post("/say").json("{\"name\": \"ann\", \"text\": \"" + "x".repeat(501) + "\"}").send().status());
            assertEquals(400, c.post("/say").json("not json").send().status());
            assertEquals(415, c.post("/say").form("name", "ann", "text", "hi").send().status());
            assertEquals(400, c.get("/poll?since=abc").send().status());
            assertEquals(400, c.get("/events").header("Last-Event-ID", "abc").send().status());
            assertEquals(400, c.get("/ws?since=abc").header("Upgrade", "websocket").header("Connection", "Upgrade").send().status());
        }
    }

    @Test
    void thePageIsServed() {
        try (TestHost host = TestHost.inProcess(Chat.app(DIR))) {
            TestResponse page = host.client().get("/").send();
            assertEquals(200, page.status());
            assertTrue(page.text().contains("<title>Lindy chat</title>"));
            assertEquals(page.text(), host.client().get("/websocket").send().text());
            assertTrue(host.client().get("/chat.js").send().text().contains("EventSource"));
        }
    }

    private static void awaitSubscribers(TestHost host, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (host.app().hub().subscribers("chat") != n) {
            assertTrue(System.nanoTime() < end, "the chat has " + host.app().hub().subscribers("chat") + " subscribers");
            Thread.sleep(5);
        }
    }
}
