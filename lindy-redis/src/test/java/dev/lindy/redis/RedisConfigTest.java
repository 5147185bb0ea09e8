package dev.lindy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.Settings;
import dev.lindy.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The redis section of config.yml, and choosing the Redis store and backend there by name. */
class RedisConfigTest {
    @TempDir
    Path dir;

    @Test
    void theRedisSectionSetsEveryKeyAndTheRestKeepTheirDefaults() throws IOException {
        RedisSettings r = RedisSettings.from(load("redis:", "  uri: redis://10.0.0.7:6380/2", "  prefix: \"app:\"",
                "  timeout: 500ms", "  startDegraded: true").config());
        assertEquals("redis://10.0.0.7:6380/2", r.uri());
        assertEquals("app:", r.prefix());
        assertEquals(Duration.ofMillis(500), r.timeout());
        assertTrue(r.startDegraded());
        assertFalse(r.cluster());
        assertEquals(Duration.ofSeconds(2), r.connectTimeout());
        assertEquals(65_536, r.maxQueuedCommands());
        assertEquals(Duration.ofDays(1), r.historyRetention());
    }

    @Test
    void anUnknownRedisKeyStopsTheAppWithItsFileAndLine() throws IOException {
        Settings s = load("redis:", "  uri: redis://127.0.0.1:6379", "  timeuot: 2s");
        ConfigException e = assertThrows(ConfigException.class, () -> RedisSettings.from(s.config()));
        assertTrue(e.getMessage().startsWith("config.yml line 3, redis.timeuot: not a Redis setting"), e.getMessage());
    }

    @Test
    void aBadValueStopsTheAppAndSaysWhere() throws IOException {
        Settings s = load("redis:", "  timeout: soon");
        ConfigException e = assertThrows(ConfigException.class, () -> RedisSettings.from(s.config()));
        assertTrue(e.getMessage().contains("redis.timeout"), e.getMessage());
    }

    @Test
    void lindyChoosesTheRedisStoreAndBackendByName() throws IOException {
        Settings s = load("lindy:", "  session:", "    store: redis", "  hub:", "    backend: redis", "    history: 50");
        assertEquals("redis", s.sessionStoreName());
        assertTrue(s.hubBackend() instanceof RedisHubBackend);
    }

    @Test
    void anUnknownStoreNameSaysWhichStoresThereAre() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> load("lindy:", "  session:", "    store: mongo"));
        assertTrue(e.getMessage().contains("expected one of [memory, cookie, redis], found 'mongo'"), e.getMessage());
        ConfigException hub = assertThrows(ConfigException.class, () -> load("lindy:", "  hub:", "    backend: kafka"));
        assertTrue(hub.getMessage().contains("expected one of [memory, redis], found 'kafka'"), hub.getMessage());
    }

    @Test
    void aPasswordInTheUriNeverReachesAMessage() {
        RedisSettings r = RedisSettings.builder().uri("redis://:s3cret@127.0.0.1:1").connectTimeout(Duration.ofMillis(300)).build();
        assertFalse(r.toString().contains("s3cret"), r.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RedisSessionStore.connect(r));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertTrue(e.getMessage().contains("redis://***@127.0.0.1:1"), e.getMessage());
    }

    @Test
    void aMalformedUriNeverShowsItsPasswordAndAnUnreachableClusterSaysWhere() {
        for (String uri : new String[] {"redis://:se cret@127.0.0.1:1", "redis://:pa/ss-secret@127.0.0.1:1",
                "redis://:p@ss-secret@127.0.0.1:1"}) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> RedisSessionStore.connect(
                    RedisSettings.builder().uri(uri).connectTimeout(Duration.ofMillis(300)).build()).close());
            assertFalse(e.getMessage().contains("cret"), e.getMessage());
        }
        IllegalStateException cluster = assertThrows(IllegalStateException.class, () -> RedisSessionStore.connect(
                RedisSettings.builder().uri("redis://:s3cret@127.0.0.1:1,127.0.0.1:2").cluster(true)
                        .connectTimeout(Duration.ofMillis(300)).build()));
        assertTrue(cluster.getMessage().contains("Redis at redis://***@127.0.0.1:1,127.0.0.1:2 is unreachable for the"
                + " sessions"), cluster.getMessage());
        assertFalse(cluster.getMessage().contains("s3cret"), cluster.getMessage());
    }

    private Settings load(String... lines) throws IOException {
        Files.writeString(dir.resolve("config.yml"), String.join("\n", lines) + "\n");
        return Settings.load(dir, "test");
    }
}
