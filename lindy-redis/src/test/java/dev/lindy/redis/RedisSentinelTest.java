package dev.lindy.redis;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.test.LindyExtension;
import dev.lindy.test.RedisSentinel;
import dev.lindy.test.StreamingResponse;
import dev.lindy.test.TestClient;
import dev.lindy.test.TestHost;
import java.io.IOException;
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
 * Two nodes of one app on a real Redis watched by Sentinel ({@code redis-sentinel://...#lindy}): sessions
 * and messages cross between them, and go on crossing after the master dies and the Sentinel promotes its
 * replica, with no restart of the nodes.
 */
@ExtendWith(LindyExtension.class)
class RedisSentinelTest {
    @TempDir
    Path appDir;

    private RedisSentinel redis;
    private TestHost a;
    private TestHost b;

    @BeforeEach
    void start() throws IOException {
        redis = RedisSentinel.start();
        Files.writeString(appDir.resolve("config.yml"), String.join("\n",
                "lindy:",
                "  shutdownGrace: 1s",
                "  session:",
                "    store: redis",
                "  hub:",
                "    backend: redis",
                "redis:",
                "  uri: \"" + redis.uri() + "\"",
                "  prefix: \"sentinel:\"",
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
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Test
    void aLoginAndAMessageCrossBetweenNodesThroughTheSentinelsMaster() throws IOException {
        StreamingResponse onB = b.client().get("/events").query("since", "0").stream();
        assertEquals(200, onB.status());
        TestClient onA = a.newClient();
        assertEquals(200, onA.post("/login").form("name", "ada").send().status());
        assertEquals("ada", b.client().get("/me").header("Cookie", "lindy.session=" + onA.cookies().get("lindy.session"))
                .send().text());
        assertEquals(200, a.client().post("/say").form("text", "hello").send().status());
        assertTrue(onB.readUntil("data: \"hello\"").contains("id: "));
    }

    @Test
    void afterAFailoverTheNodesFollowTheNewMasterWithoutARestart() throws IOException {
        StreamingResponse onB = b.client().get("/events").query("since", "0").stream();
        assertEquals(200, a.client().post("/say").form("text", "before").send().status());
        onB.readUntil("data: \"before\"");
        redis.master().kill();
        redis.awaitMaster(redis.replica());
        eventually(() -> a.client().post("/say").form("text", "after").send().status() == 200);
        onB.readUntil("data: \"after\"");
        TestClient onA = a.newClient();
        eventually(() -> onA.post("/login").form("name", "bo").send().status() == 200);
        assertEquals("bo", b.client().get("/me").header("Cookie", "lindy.session=" + onA.cookies().get("lindy.session"))
                .send().text());
    }

    // A chat of one room: logins in the session, messages through the hub.
    private App node() {
        App app = Lindy.app(Settings.load(appDir, "test"));
        app.post("/login", ctx -> {
            ctx.session().put("user", ctx.param("name"));
            return "welcome";
        });
        app.get("/me", ctx -> String.valueOf((Object) ctx.session().get("user")));
        app.post("/say", ctx -> app.hub().publish("room", ctx.param("text")).thenApply(m -> "sent " + m.id()));
        app.async(GET, "/events", ctx -> ctx.subscribe("room").since(ctx.param("since")).toSse());
        app.error(RedisUnavailableException.class, (ctx, e) -> {
            ctx.status(503);
            return e.getMessage();
        });
        return app;
    }

    private static void eventually(BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not done within 30 s");
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
