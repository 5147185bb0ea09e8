package dev.lindy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.Settings;
import dev.lindy.config.Config;
import dev.lindy.hub.HubBackend;
import dev.lindy.hub.HubBackendProvider;
import dev.lindy.hub.Message;
import dev.lindy.session.SessionChanges;
import dev.lindy.session.SessionData;
import dev.lindy.session.SessionStore;
import dev.lindy.session.SessionStoreProvider;
import dev.lindy.test.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Calls every public method of lindy-redis, and of what core offers stores and backends brought by a module,
 * so an accidental API break fails compilation here first.
 */
class RedisApiSurfaceTest {
    @Test
    void everyPublicMethodIsCallable() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            RedisSettings settings = RedisSettings.builder().uri(redis.uri()).cluster(false).prefix("api:")
                    .timeout(Duration.ofSeconds(3)).connectTimeout(Duration.ofSeconds(3))
                    .maxReconnectDelay(Duration.ofMillis(500)).maxQueuedCommands(1000).startDegraded(false)
                    .historyRetention(Duration.ofHours(1)).build();
            RedisSettings copy = settings.newBuilder().build();
            assertEquals(settings.toString(), copy.toString());
            assertEquals(List.of(redis.uri(), "api:", 1000), List.of(copy.uri(), copy.prefix(), copy.maxQueuedCommands()));
            assertEquals(Duration.ofSeconds(6), copy.timeout().plus(copy.connectTimeout()));
            assertEquals(Duration.ofMinutes(60), copy.historyRetention().plus(copy.maxReconnectDelay()).minusMillis(500));
            assertTrue(!copy.cluster() && !copy.startDegraded());
            assertEquals("lindy:", RedisSettings.from(Config.empty()).prefix());

            try (RedisSessionStore store = RedisSessionStore.connect(settings)) {
                SessionChanges changes = new SessionChanges();
                changes.clear();
                changes.put("a", 1L);
                changes.remove("b");
                assertTrue(changes.isCleared() && !changes.isEmpty());
                assertEquals(Map.of("a", 1L), changes.puts());
                assertEquals(Set.of("b"), changes.removals());
                SessionData data = new SessionData("apisurface000000000000", Map.of("x", "y"));
                assertEquals(data.id(), get(store.create(data, null, Duration.ofMinutes(1))));
                assertNull(get(store.save(data, changes, Duration.ofMinutes(1))));
                assertEquals(Map.of("a", 1L), get(store.load(data.id())).values());
                get(store.delete(data.id()));
                assertTrue(!store.refreshOnUse());
            }

            RedisHubBackend backend = new RedisHubBackend(settings, 10);
            backend.start(new HubBackend.Receiver() {
                @Override
                public void receive(Message message) {
                }

                @Override
                public void local(String topic, String data) {
                }

                @Override
                public void missed(String topic) {
                }
            });
            get(backend.follow("t"));
            Message m = get(backend.publish("t", "1"));
            assertEquals(List.of(m), get(backend.history("t", 0)).messages());
            backend.unfollow("t");
            backend.close();

            assertTrue(new RedisUnavailableException("gone", null).getMessage().equals("gone"));
            assertEquals("redis", Settings.builder().sessionStoreName("redis").build().sessionStoreName());
            Settings appSettings = Settings.builder().config(new Config(Map.of("redis", Map.of("uri", redis.uri())), Map.of()))
                    .build();
            for (SessionStoreProvider p : ServiceLoader.load(SessionStoreProvider.class)) {
                SessionStore made = p.create(appSettings);
                assertEquals("redis", p.name());
                ((AutoCloseable) made).close();
            }
            for (HubBackendProvider p : ServiceLoader.load(HubBackendProvider.class)) {
                assertTrue(p.create(appSettings) instanceof RedisHubBackend && p.name().equals("redis"));
            }
        }
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
