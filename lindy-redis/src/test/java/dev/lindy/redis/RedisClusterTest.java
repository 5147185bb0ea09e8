package dev.lindy.redis;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.test.LindyExtension;
import dev.lindy.test.RedisCluster;
import dev.lindy.test.RedisServer;
import dev.lindy.test.StreamingResponse;
import dev.lindy.test.TestClient;
import dev.lindy.test.TestHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes of one app on a real Redis Cluster of three masters, configured by {@code redis.cluster: true}:
 * sessions and topics spread over the masters, and each node sees what the other does, before and after
 * the whole cluster restarts.
 */
@ExtendWith(LindyExtension.class)
class RedisClusterTest {
    private static final int ROOMS = 12;

    @TempDir
    Path appDir;

    private RedisCluster cluster;
    private TestHost a;
    private TestHost b;

    @BeforeEach
    void start() throws IOException {
        cluster = RedisCluster.start(3);
        Files.writeString(appDir.resolve("config.yml"), String.join("\n",
                "lindy:",
                "  shutdownGrace: 1s",
                "  session:",
                "    store: redis",
                "  hub:",
                "    backend: redis",
                "redis:",
                "  uri: " + cluster.uri(),
                "  cluster: true",
                "  prefix: \"cluster:\"",
                "  maxReconnectDelay: 200ms",
                ""));
        a = TestHost.netty(node());
        b = TestHost.netty(node());
    }

    @AfterEach
    void stop() {
        try {
            for (TestHost node : new TestHost[] {a, b}) {
                if (node != null) {
                    node.close();
                }
            }
        } finally {
            cluster.close();
        }
    }

    @Test
    void loginsMadeOnOneNodeAreRecognisedOnTheOtherWhicheverMasterHoldsThem() {
        for (int i = 0; i < 20; i++) {
            TestClient onA = a.newClient();
            assertEquals(200, onA.post("/login").form("name", "user" + i).send().status());
            String cookie = "lindy.session=" + onA.cookies().get("lindy.session");
            assertEquals("user" + i, b.client().get("/me").header("Cookie", cookie).send().text());
        }
        assertTrue(mastersHoldingKeys() > 1, "twenty sessions lie on more than one master");
    }

    @Test
    void messagesOfTopicsOnEveryMasterCrossFromOneNodeToTheOther() throws IOException {
        StreamingResponse[] onB = new StreamingResponse[ROOMS];
        for (int room = 0; room < ROOMS; room++) {
            onB[room] = b.client().get("/events/room" + room).query("since", "0").stream();
            assertEquals(200, onB[room].status());
        }
        for (int room = 0; room < ROOMS; room++) {
            assertEquals(200, a.client().post("/say/room" + room).form("text", "hello " + room).send().status());
        }
        for (int room = 0; room < ROOMS; room++) {
            assertTrue(onB[room].readUntil("data: \"hello " + room + "\"").contains("id: "));
        }
        assertTrue(mastersHoldingKeys() > 1, "the rooms' streams lie on more than one master");
    }

    @Test
    void aClusterRestartedMidStreamIsFollowedAndDeliveryResumes() throws IOException {
        StreamingResponse[] onB = new StreamingResponse[ROOMS];
        for (int room = 0; room < ROOMS; room++) {
            onB[room] = b.client().get("/events/room" + room).query("since", "0").stream();
            assertEquals(200, onB[room].status());
        }
        cluster.nodes().forEach(RedisServer::stop);
        assertEquals(503, a.client().post("/say/room0").form("text", "lost").send().status(),
                "the publisher is told its message went nowhere");
        cluster.nodes().forEach(RedisServer::startAgain);
        cluster.awaitReady();
        for (int room = 0; room < ROOMS; room++) {
            String path = "/say/room" + room;
            String text = "after " + room;
            eventually(() -> a.client().post(path).form("text", text).send().status() == 200);
        }
        for (int room = 0; room < ROOMS; room++) {
            String seen = onB[room].readUntil("data: \"after " + room + "\"");
            assertTrue(!seen.contains("lost"), seen);
        }
        TestClient onA = a.newClient();
        eventually(() -> onA.post("/login").form("name", "ada").send().status() == 200);
        String cookie = "lindy.session=" + onA.cookies().get("lindy.session");
        assertEquals("ada", b.client().get("/me").header("Cookie", cookie).send().text());
    }

    // A chat of many rooms: logins in the session, messages through the hub.
    private App node() {
        App app = Lindy.app(Settings.load(appDir, "test"));
        app.post("/login", ctx -> {
            ctx.session().put("user", ctx.param("name"));
            return "welcome";
        });
        app.get("/me", ctx -> String.valueOf((Object) ctx.session().get("user")));
        app.post("/say/:room", ctx -> app.hub().publish(ctx.param("room"), ctx.param("text")).thenApply(m -> "sent " + m.id()));
        app.async(GET, "/events/:room", ctx -> ctx.subscribe(ctx.param("room")).since(ctx.param("since")).toSse());
        app.error(RedisUnavailableException.class, (ctx, e) -> {
            ctx.status(503);
            return "Redis is away; try again shortly.";
        });
        return app;
    }

    private int mastersHoldingKeys() {
        return (int) cluster.nodes().stream().filter(node -> dbSize(node) > 0).count();
    }

    private static long dbSize(RedisServer node) {
        try {
            return Long.parseLong(node.command("DBSIZE"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void eventually(BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not done within 20 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
