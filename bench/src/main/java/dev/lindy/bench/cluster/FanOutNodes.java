package dev.lindy.bench.cluster;

import static dev.lindy.http.Method.GET;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.redis.RedisHubBackend;
import dev.lindy.redis.RedisSettings;
import java.time.Duration;

/**
 * The nodes of the fan-out bench, in a process of their own: one node with the in-process hub, or two
 * whose hub is in Redis. {@code GET /events} is a topic's event stream; {@code POST /publish?seq=N}
 * publishes {@code "N:<nanoTime>"}, stamped as it is published. Prints {@code port N} for each node once it
 * listens.
 *
 * <pre>
 * java -cp lindy-bench.jar dev.lindy.bench.cluster.FanOutNodes PORT             # one node, in-process hub
 * java -cp lindy-bench.jar dev.lindy.bench.cluster.FanOutNodes PORT PORT URI    # two nodes, hub on Redis
 * </pre>
 *
 * <p>A port of 0 takes a free one.
 */
public final class FanOutNodes {
    private static final String TOPIC = "bench";

    private FanOutNodes() {
    }

    /**
     * Starts the nodes; they run until the process is stopped.
     *
     * @param args the ports, then the Redis URI when there are two
     */
    public static void main(String[] args) {
        if (args.length == 1) {
            System.out.println("port " + node(null).start("127.0.0.1", Integer.parseInt(args[0])).port());
            return;
        }
        RedisSettings redis = RedisSettings.builder().uri(args[2]).prefix("bench:").build();
        System.out.println("port " + node(redis).start("127.0.0.1", Integer.parseInt(args[0])).port());
        System.out.println("port " + node(redis).start("127.0.0.1", Integer.parseInt(args[1])).port());
    }

    private static App node(RedisSettings redis) {
        Settings.Builder settings = Settings.builder().maxConnections(20_000).shutdownGrace(Duration.ofMillis(200))
                .jsonMapper(new PlainJson());
        if (redis != null) {
            settings.hubBackend(new RedisHubBackend(redis, 100));
        }
        App app = Lindy.app(settings.build());
        app.async(GET, "/events", ctx -> ctx.subscribe(TOPIC).toSse());
        app.post("/publish", ctx -> app.hub().publish(TOPIC, ctx.param("seq") + ":" + System.nanoTime())
                .thenApply(m -> "published " + m.id()));
        return app;
    }
}
