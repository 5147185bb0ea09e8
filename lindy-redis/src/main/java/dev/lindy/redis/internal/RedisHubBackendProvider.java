package dev.lindy.redis.internal;

import dev.lindy.Settings;
import dev.lindy.hub.HubBackend;
import dev.lindy.hub.HubBackendProvider;
import dev.lindy.redis.RedisHubBackend;
import dev.lindy.redis.RedisSettings;

/** Makes the {@code redis} hub backend from the {@code redis:} section of an app's configuration. */
public final class RedisHubBackendProvider implements HubBackendProvider {
    /** Creates the provider; ServiceLoader calls this. */
    public RedisHubBackendProvider() {
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public HubBackend create(Settings settings) {
        return new RedisHubBackend(RedisSettings.from(settings.config()), settings.hubHistory());
    }
}
