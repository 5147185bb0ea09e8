package dev.lindy.bench.cluster;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.redis.RedisSessionStore;
import dev.lindy.redis.RedisSettings;

/**
 * The same session route on two ports, one app with the memory store and one with the Redis store, for a
 * load generator to compare: {@code java -cp lindy-bench.jar dev.lindy.bench.cluster.SessionBench
 * MEMORY_PORT REDIS_PORT REDIS_URI} (a port of 0 takes a free one; each is printed as {@code port N}).
 * {@code GET /count} reads the session's counter and writes it back plus one.
 */
public final class SessionBench {
    private SessionBench() {
    }

    /**
     * Starts both apps; they run until the process is stopped.
     *
     * @param args the memory store's port, the Redis store's port, the Redis URI
     */
    public static void main(String[] args) {
        System.out.println("port " + app(Settings.builder()).start("127.0.0.1", Integer.parseInt(args[0])).port());
        RedisSessionStore store = RedisSessionStore.connect(RedisSettings.builder().uri(args[2]).build());
        System.out.println("port " + app(Settings.builder().sessionStore(store)).start("127.0.0.1",
                Integer.parseInt(args[1])).port());
    }

    private static App app(Settings.Builder settings) {
        App app = Lindy.app(settings.build());
        app.get("/count", ctx -> {
            Long n = ctx.session().get("n");
            long next = n == null ? 1 : n + 1;
            ctx.session().put("n", next);
            return Long.toString(next);
        });
        return app;
    }
}
