package dev.lindy.redis;

import static dev.lindy.http.Method.GET;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.test.TestHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Two nodes of one chat app, each on its own real server, configured by a config.yml that puts their
 * sessions and hub in one Redis: logins in the session ({@code POST /login}, {@code GET /me}), messages
 * through the hub ({@code POST /say[/:room]}, {@code GET /events[/:room]} from the room's history), and
 * a Redis failure answered with its message and a 503.
 */
final class ChatNodes implements AutoCloseable {
    final TestHost a;
    final TestHost b;

    private ChatNodes(TestHost a, TestHost b) {
        this.a = a;
        this.b = b;
    }

    /**
     * Starts the two nodes.
     *
     * @param appDir the app's directory, where config.yml goes
     * @param redis the {@code redis:} settings beyond the reconnect delay, as YAML lines
     * @return the nodes, serving
     */
    static ChatNodes start(Path appDir, String... redis) throws IOException {
        StringBuilder config = new StringBuilder(String.join("\n", "lindy:", "  shutdownGrace: 1s", "  session:",
                "    store: redis", "  hub:", "    backend: redis", "redis:", "  maxReconnectDelay: 200ms", ""));
        for (String line : redis) {
            config.append("  ").append(line).append('\n');
        }
        Files.writeString(appDir.resolve("config.yml"), config);
        TestHost a = TestHost.netty(node(appDir));
        try {
            return new ChatNodes(a, TestHost.netty(node(appDir)));
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
    }

    /** Waits, up to 30 s, for something to become true, such as a node that works again after a failure. */
    static void eventually(BooleanSupplier done) {
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

    /**
     * Closes the nodes, if they started, and then the Redis they ran on, even when closing a node failed.
     *
     * @param nodes the nodes, or null when they did not start
     * @param redis closes the Redis
     */
    static void close(ChatNodes nodes, Runnable redis) {
        try {
            if (nodes != null) {
                nodes.close();
            }
        } finally {
            redis.run();
        }
    }

    @Override
    public void close() {
        try {
            a.close();
        } finally {
            b.close();
        }
    }

    private static App node(Path appDir) {
        App app = Lindy.app(Settings.load(appDir, "test"));
        app.post("/login", ctx -> {
            ctx.session().put("user", ctx.param("name"));
            return "welcome";
        });
        app.get("/me", ctx -> String.valueOf((Object) ctx.session().get("user")));
        app.post("/say", ctx -> app.hub().publish("room", ctx.param("text")).thenApply(m -> "sent " + m.id()));
        app.post("/say/:room", ctx -> app.hub().publish(ctx.param("room"), ctx.param("text")).thenApply(m -> "sent " + m.id()));
        // From the start of the room's history: a message published before the node follows the room, or
        // while it catches up, still arrives.
        app.async(GET, "/events", ctx -> ctx.subscribe("room").since(ctx.param("since")).toSse());
        app.async(GET, "/events/:room", ctx -> ctx.subscribe(ctx.param("room")).since(ctx.param("since")).toSse());
        app.error(RedisUnavailableException.class, (ctx, e) -> {
            ctx.status(503);
            return e.getMessage();
        });
        return app;
    }
}
