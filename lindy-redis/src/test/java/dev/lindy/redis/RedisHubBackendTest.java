package dev.lindy.redis;

import dev.lindy.hub.HubBackend;
import dev.lindy.test.RedisServer;
import dev.lindy.test.suite.HubBackendSuite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The hub backend contract, on a real redis-server shared by the suite's tests (each has its own topics). */
class RedisHubBackendTest extends HubBackendSuite {
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    protected HubBackend backend(int history) {
        return new RedisHubBackend(RedisSettings.builder().uri(redis.uri()).build(), history);
    }
}
