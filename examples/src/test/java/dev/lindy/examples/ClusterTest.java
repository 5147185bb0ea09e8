package dev.lindy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.test.LindyExtension;
import dev.lindy.test.RedisServer;
import dev.lindy.test.TestHost;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat as a cluster: two nodes whose sessions and hub are in a real redis-server, behind a real nginx
 * that balances them round robin, as {@code examples/cluster/run} starts them.
 */
@ExtendWith(LindyExtension.class)
class ClusterTest {
    private static final Pattern EVENT = Pattern.compile("id: (\\d+)");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private RedisServer redis;
    private TestHost a;
    private TestHost b;
    private Nginx nginx;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        Path app = dir.resolve("chat");
        Files.createDirectories(app);
        Files.writeString(app.resolve("config.yml"), String.join("\n",
                "lindy:",
                "  trustedProxies: [\"127.0.0.1\"]",
                "  shutdownGrace: 1s",
                "  session:",
                "    store: redis",
                "  hub:",
                "    backend: redis",
                "redis:",
                "  uri: " + redis.uri(),
                "  maxReconnectDelay: 200ms",
                ""));
        a = TestHost.netty(Chat.app(app));
        b = TestHost.netty(Chat.app(app));
        nginx = Nginx.start(dir, a.port(), b.port());
    }

    @AfterEach
    void stop() {
        nginx.close();
        a.close();
        b.close();
        redis.close();
    }

    @Test
    void aLoginThroughNginxIsKnownOnBothNodes() throws Exception {
        HttpResponse<String> login = send(post(nginx.port(), "/login?name=ada", ""));
        assertEquals(200, login.statusCode(), login.body());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        for (TestHost node : new TestHost[] {a, b}) {
            assertEquals("{\"name\":\"ada\"}", node.client().get("/me").header("Cookie", cookie).send().text());
        }
    }

    @Test
    void aLinePostedOnOneNodeReachesAStreamOnTheOtherWithinASecond() throws Exception {
        try (Events events = new Events(nginx.port(), null)) {
            TestHost other = awaitStreamNode() == a ? b : a;
            // A first line warms the route up and shows the stream live; the second one is timed.
            send(post(other.port(), "/say", "{\"name\":\"ada\",\"text\":\"warm\"}"));
            events.awaitData("\"warm\"");
            long start = System.nanoTime();
            assertEquals(200, send(post(other.port(), "/say", "{\"name\":\"ada\",\"text\":\"hello\"}")).statusCode());
            events.awaitData("\"hello\"");
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(millis < 1000, "arrived after " + millis + " ms");
        }
    }

    @Test
    void aClientWhoseNodeDiesMidStreamReconnectsThroughNginxAndCatchesUp() throws Exception {
        String lastId;
        TestHost survivor;
        try (Events events = new Events(nginx.port(), null)) {
            TestHost serving = awaitStreamNode();
            survivor = serving == a ? b : a;
            send(post(survivor.port(), "/say", "{\"name\":\"ada\",\"text\":\"one\"}"));
            lastId = events.awaitData("\"one\"");
            serving.close();
            assertTrue(events.awaitEnd(), "the stream of the node that died ends");
        }
        send(post(survivor.port(), "/say", "{\"name\":\"ada\",\"text\":\"two\"}"));
        send(post(survivor.port(), "/say", "{\"name\":\"ada\",\"text\":\"three\"}"));
        try (Events again = new Events(nginx.port(), lastId)) {
            String two = again.awaitData("\"two\"");
            String three = again.awaitData("\"three\"");
            assertTrue(Long.parseLong(two) > Long.parseLong(lastId) && Long.parseLong(three) > Long.parseLong(two));
            assertFalse(again.seen().contains("\"one\""), again.seen());
        }
    }

    // The node nginx gave the stream to: the one whose hub has its subscriber.
    private TestHost awaitStreamNode() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (TestHost node : new TestHost[] {a, b}) {
                if (node.app().hub().subscribers("chat") > 0) {
                    return node;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no node has the stream's subscriber");
    }

    private HttpRequest post(int port, String path, String json) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** An event stream through nginx, as a browser's EventSource reads it, line by line on a thread of its own. */
    private final class Events implements AutoCloseable {
        private static final String END = "\u0000end";
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder seen = new StringBuilder();
        private final Stream<String> body;
        private String lastId;

        Events(int port, String lastEventId) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events"))
                    .header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, response.statusCode());
            body = response.body();
            Thread reader = new Thread(() -> {
                try {
                    Iterator<String> it = body.iterator();
                    while (it.hasNext()) {
                        lines.add(it.next());
                    }
                } catch (RuntimeException closed) {
                    // The stream was cut: the end, as below.
                }
                lines.add(END);
            }, "events-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** Reads until an event whose data holds a text, and returns its id. */
        String awaitData(String text) throws InterruptedException {
            while (true) {
                String line = next();
                if (line == null || line.equals(END)) {
                    throw new AssertionError("the stream ended before " + text + "; read: " + seen);
                }
                Matcher id = EVENT.matcher(line);
                if (id.matches()) {
                    lastId = id.group(1);
                } else if (line.startsWith("data:") && line.contains(text)) {
                    return lastId;
                }
            }
        }

        /** Reads until the stream ends; false if it is still open after ten seconds. */
        boolean awaitEnd() throws InterruptedException {
            String line;
            do {
                line = next();
            } while (line != null && !line.equals(END));
            return line != null;
        }

        String seen() {
            return seen.toString();
        }

        private String next() throws InterruptedException {
            String line = lines.poll(10, TimeUnit.SECONDS);
            if (line != null && !line.equals(END)) {
                seen.append(line).append('\n');
            }
            return line;
        }

        @Override
        public void close() {
            body.close();
        }
    }
}
