package dev.lindy.examples;

import static dev.lindy.http.Method.GET;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.redis.RedisHubBackend;
import dev.lindy.redis.RedisSessionStore;
import dev.lindy.redis.RedisSettings;

/**
 * One node of an app whose sessions and hub live in Redis, set up in code: start it twice, on two ports,
 * and a visitor's count and the visits feed are the same on both. The app directory's way is
 * {@code lindy.session.store: redis}, {@code lindy.hub.backend: redis} and a {@code redis:} section in
 * {@code config.yml}.
 */
public final class Shared {
    private Shared() {
    }

    /**
     * Builds a node.
     *
     * @param uri where Redis is, such as {@code redis://127.0.0.1:6379}
     * @return the app, not started; stopping it closes its hub's connection, and the caller closes the store
     */
    public static App app(String uri) {
        RedisSettings redis = RedisSettings.builder().uri(uri).prefix("shared:").build();
        RedisSessionStore sessions = RedisSessionStore.connect(redis);
        Settings settings = Settings.builder()
                .sessionStore(sessions)
                .hubBackend(new RedisHubBackend(redis, 1000))
                .build();
        App app = Lindy.app(settings);

        // Each visit counts in the visitor's session, which every node reads, and is announced on every node.
        app.get("/", ctx -> {
            long visits = ctx.session().get("visits") == null ? 1 : ctx.session().<Long>get("visits") + 1;
            ctx.session().put("visits", visits);
            return app.hub().publish("visits", visits).thenApply(m -> "visit " + visits);
        });
        app.async(GET, "/visits", ctx -> ctx.subscribe("visits").since(ctx.param("since")).toSse());
        return app;
    }
}
