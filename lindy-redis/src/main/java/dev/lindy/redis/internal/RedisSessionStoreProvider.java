package dev.lindy.redis.internal;

import dev.lindy.Settings;
import dev.lindy.redis.RedisSessionStore;
import dev.lindy.redis.RedisSettings;
import dev.lindy.session.SessionStore;
import dev.lindy.session.SessionStoreProvider;

/** Makes the {@code redis} session store from the {@code redis:} section of an app's configuration. */
public final class RedisSessionStoreProvider implements SessionStoreProvider {
    /** Creates the provider; ServiceLoader calls this. */
    public RedisSessionStoreProvider() {
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public SessionStore create(Settings settings) {
        return RedisSessionStore.connect(RedisSettings.from(settings.config()));
    }
}
