package dev.lindy.redis;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.config.Config;
import dev.lindy.test.LindyExtension;
import dev.lindy.test.PendingResponse;
import dev.lindy.test.RedisServer;
import dev.lindy.test.TestClient;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an app with its sessions in Redis does when Redis is down at start, lost while running, restarted
 * with or without its data, or frozen: each against a real redis-server that the test stops, kills, wipes
 * and freezes.
 */
@ExtendWith(LindyExtension.class)
class RedisSessionFaultsTest {
    private static final String STORE_DOWN = "The session store is unavailable";

    private RedisServer redis;

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
    }

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    @Test
    void aStartWithRedisDownFailsAndSaysWhy() {
        redis.stop();
        App app = app(Map.of("uri", redis.uri()));
        IllegalStateException e = assertThrows(IllegalStateException.class, app::handler);
        assertTrue(e.getMessage().contains("Redis at " + redis.uri() + " is unreachable"), e.getMessage());
        assertTrue(e.getMessage().contains("redis.startDegraded"), e.getMessage());
    }

    @Test
    void aDegradedStartAnswers503UntilRedisAnswersThenServesSessions() {
        redis.stop();
        try (TestHost host = TestHost.netty(app(Map.of("uri", redis.uri(), "startDegraded", true,
                "maxReconnectDelay", "200ms")))) {
            TestClient client = host.client();
            TestResponse refused = client.get("/login/ada").send();
            assertEquals(503, refused.status());
            assertTrue(refused.text().contains(STORE_DOWN), refused.text());
            assertEquals("pong", client.get("/ping").send().text());
            redis.startAgain();
            eventually(() -> client.get("/login/ada").send(), r -> r.status() == 200);
            assertEquals("ada", client.get("/me").send().text());
        }
    }

    @Test
    void redisLostWhileRunningAnswers503AtOnceAndTheSessionsComeBackWithIt() {
        // A long command timeout: a quick 503 then comes from knowing the connection is down, not from waiting.
        try (TestHost host = TestHost.netty(app(Map.of("uri", redis.uri(), "timeout", "20s", "maxReconnectDelay", "200ms")))) {
            TestClient client = host.client();
            assertEquals(200, client.get("/login/ada").send().status());
            redis.kill();
            long start = System.nanoTime();
            TestResponse lost = client.get("/me").send();
            assertEquals(503, lost.status());
            assertTrue(lost.text().contains(STORE_DOWN), lost.text());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "answered at once, not at the timeout");
            TestResponse fresh = host.newClient().get("/login/bob").send();
            assertEquals(503, fresh.status(), "no new session is made in place of one Redis could not be asked for");
            assertEquals("pong", host.newClient().get("/ping").send().text(), "routes without a session still answer");
            redis.startAgain();
            TestResponse back = eventually(() -> client.get("/me").send(), r -> r.status() == 200);
            assertEquals("ada", back.text(), "the session Redis kept is back, without restarting the app");
        }
    }

    @Test
    void redisRestartedWithoutItsDataForgetsTheSessionsAndTheAppGoesOn() {
        try (TestHost host = TestHost.netty(app(Map.of("uri", redis.uri(), "maxReconnectDelay", "200ms")))) {
            TestClient client = host.client();
            assertEquals(200, client.get("/login/ada").send().status());
            redis.stop();
            redis.deleteData();
            redis.startAgain();
            TestResponse forgotten = eventually(() -> client.get("/me").send(), r -> r.status() == 200);
            assertEquals("nobody", forgotten.text());
            assertEquals(200, client.get("/login/bob").send().status());
            assertEquals("bob", client.get("/me").send().text());
        }
    }

    @Test
    void aFrozenRedisAnswers503AfterTheTimeoutWhileTheEventLoopKeepsServing() {
        try (TestHost host = TestHost.netty(app(Map.of("uri", redis.uri(), "timeout", "500ms", "maxReconnectDelay", "200ms")))) {
            TestClient client = host.client();
            assertEquals(200, client.get("/login/ada").send().status());
            redis.pause();
            try {
                long start = System.nanoTime();
                PendingResponse waiting = client.get("/me").sendAsync();
                assertEquals("pong", host.newClient().get("/loop").send().text(), "the event loop is not held");
                TestResponse frozen = waiting.await(Duration.ofSeconds(10));
                assertEquals(503, frozen.status());
                assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "the timeout, not the deadline");
            } finally {
                redis.resume();
            }
            assertEquals("ada", eventually(() -> client.get("/me").send(), r -> r.status() == 200).text());
        }
    }

    // A one-loop app whose sessions are in Redis, configured as from a file's redis section.
    private static App app(Map<String, Object> redis) {
        Settings settings = Settings.builder().ioThreads(1).sessionStoreName("redis")
                .config(new Config(Map.of("redis", redis), Map.of())).build();
        App app = Lindy.app(settings);
        app.get("/login/:name", ctx -> {
            ctx.session().put("user", ctx.param("name"));
            return "hello " + ctx.param("name");
        });
        app.get("/me", ctx -> {
            String user = ctx.session().get("user");
            return user == null ? "nobody" : user;
        });
        app.get("/ping", ctx -> "pong");
        app.async(GET, "/loop", ctx -> ctx.respond().send("pong"));
        return app;
    }

    // Polls until Redis is back: reconnecting takes the client a moment, at most its longest wait.
    private static TestResponse eventually(Supplier<TestResponse> call, Predicate<TestResponse> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        TestResponse last = null;
        while (System.nanoTime() < deadline) {
            last = call.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("not done within 15 s; last answer: " + last);
    }
}
