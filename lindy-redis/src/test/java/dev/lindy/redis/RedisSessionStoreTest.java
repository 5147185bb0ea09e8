package dev.lindy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.session.SessionChanges;
import dev.lindy.session.SessionData;
import dev.lindy.test.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session store's contract, against a real redis-server. */
class RedisSessionStoreTest {
    private static final Duration IDLE = Duration.ofMinutes(30);

    private static RedisServer redis;
    private static RedisSessionStore store;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> raw;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        store = RedisSessionStore.connect(RedisSettings.builder().uri(redis.uri()).prefix("t:").build());
        client = RedisClient.create(redis.uri());
        connection = client.connect();
        raw = connection.sync();
    }

    @AfterAll
    static void stop() {
        store.close();
        connection.close();
        client.shutdown();
        redis.close();
    }

    @Test
    void aCreatedSessionLoadsWithItsValues() {
        Map<String, Object> values = Map.of("user", "ada", "n", 3L, "tags", List.of("a", "b"), "m", Map.of("x", true));
        assertEquals("id0000000000000000000a", await(store.create(new SessionData("id0000000000000000000a", values), null, IDLE)));
        assertEquals(values, await(store.load("id0000000000000000000a")).values());
    }

    @Test
    void anUnknownOrMalformedCookieNamesNoSession() {
        assertNull(await(store.load("unknown000000000000000")));
        assertNull(await(store.load("../../etc/passwd")));
        assertNull(await(store.load("")));
    }

    @Test
    void keysCarryThePrefixAndTheTimeToLiveIsTheIdleTimeout() {
        await(store.create(new SessionData("prefixed00000000000000", Map.of("a", "b")), null, IDLE));
        long ttl = raw.pttl("t:session:prefixed00000000000000");
        assertTrue(ttl > IDLE.toMillis() - 60_000 && ttl <= IDLE.toMillis(), "ttl " + ttl);
    }

    @Test
    void aLoadRefreshesTheTimeToLive() {
        await(store.create(new SessionData("refreshed0000000000000", Map.of("a", "b")), null, IDLE));
        raw.pexpire("t:session:refreshed0000000000000", 5_000);
        await(store.load("refreshed0000000000000"));
        assertTrue(raw.pttl("t:session:refreshed0000000000000") > 60_000);
    }

    @Test
    void aSessionRedisForgotIsGone() {
        await(store.create(new SessionData("expiring00000000000000", Map.of("a", "b")), null, IDLE));
        raw.del("t:session:expiring00000000000000");
        assertNull(await(store.load("expiring00000000000000")));
    }

    @Test
    void overlappingSavesKeepEachOthersWritesToOtherKeys() {
        SessionData loaded = new SessionData("overlap000000000000000", Map.of("a", 1L, "b", 2L));
        await(store.create(loaded, null, IDLE));
        SessionChanges first = new SessionChanges();
        first.put("a", 10L);
        SessionChanges second = new SessionChanges();
        second.put("c", 3L);
        second.remove("b");
        assertNull(await(store.save(loaded, first, IDLE)));
        assertNull(await(store.save(loaded, second, IDLE)));
        assertEquals(Map.of("a", 10L, "c", 3L), await(store.load("overlap000000000000000")).values());
    }

    @Test
    void aClearDropsEveryValueBeforeThePutsAfterIt() {
        SessionData loaded = new SessionData("cleared000000000000000", Map.of("a", 1L, "b", 2L));
        await(store.create(loaded, null, IDLE));
        SessionChanges changes = new SessionChanges();
        changes.clear();
        changes.put("c", "new");
        await(store.save(loaded, changes, IDLE));
        assertEquals(Map.of("c", "new"), await(store.load("cleared000000000000000")).values());
    }

    @Test
    void aSaveNeverBringsBackADeletedSession() {
        SessionData loaded = new SessionData("deleted000000000000000", Map.of("user", "ada"));
        await(store.create(loaded, null, IDLE));
        await(store.delete("deleted000000000000000"));
        SessionChanges late = new SessionChanges();
        late.put("cart", "full");
        assertNull(await(store.save(loaded, late, IDLE)));
        assertNull(await(store.load("deleted000000000000000")));
        assertEquals(0L, raw.exists("t:session:deleted000000000000000"));
    }

    @Test
    void aSessionThatTakesOverForgetsTheOneItReplaces() {
        SessionData before = new SessionData("beforelogin00000000000", Map.of("cart", "full"));
        await(store.create(before, null, IDLE));
        await(store.create(new SessionData("afterlogin000000000000", Map.of("cart", "full", "user", "ada")),
                "beforelogin00000000000", IDLE));
        assertNull(await(store.load("beforelogin00000000000")));
        SessionChanges slow = new SessionChanges();
        slow.put("x", "y");
        await(store.save(before, slow, IDLE));
        assertNull(await(store.load("beforelogin00000000000")));
        assertEquals("ada", await(store.load("afterlogin000000000000")).values().get("user"));
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
