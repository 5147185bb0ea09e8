package dev.lindy.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Redis watched by Sentinel, of a test's own: a master, a replica of it, and one {@code redis-sentinel}
 * (quorum 1) on 127.0.0.1, each in its own temporary directory. Killing the master makes the Sentinel promote
 * the replica within a few seconds, as in production, so a test sees what an app does through a failover.
 * Close it when done.
 *
 * <pre>{@code
 * try (RedisSentinel redis = RedisSentinel.start()) {
 *     String uri = redis.uri();   // redis-sentinel://127.0.0.1:PORT#lindy
 * }
 * }</pre>
 *
 * <p>It needs {@code redis-server} 7 or later, like {@link RedisServer}.
 */
public final class RedisSentinel implements AutoCloseable {
    /** The name the Sentinel knows the master by. */
    public static final String MASTER_NAME = "lindy";

    private static final Duration WITHIN = Duration.ofSeconds(30);

    private final RedisServer master;
    private final RedisServer replica;
    private final RedisServer sentinel;

    private RedisSentinel(RedisServer master, RedisServer replica, RedisServer sentinel) {
        this.master = master;
        this.replica = replica;
        this.sentinel = sentinel;
    }

    /**
     * Starts the master, its replica and the Sentinel, and waits until the replica has synchronised and
     * the Sentinel knows both.
     *
     * @return the set, ready
     * @throws IllegalStateException if a server does not start or the set does not form
     */
    public static RedisSentinel start() {
        RedisServer[] servers = new RedisServer[3];
        try {
            RedisServer master = RedisServer.start();
            servers[0] = master;
            RedisServer replica = RedisServer.start(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())), 0);
            servers[1] = replica;
            RedisServer sentinel = RedisServer.start(dir -> List.of(config(dir, master.port()).toString(), "--sentinel"),
                    List.of(), 0);
            servers[2] = sentinel;
            RedisSentinel set = new RedisSentinel(master, replica, sentinel);
            RedisServer.await("the replica to synchronise", WITHIN, () -> replica.command("INFO", "replication")
                    .contains("master_link_status:up"));
            RedisServer.await("the Sentinel to find the replica", WITHIN,
                    () -> sentinel.command("SENTINEL", "replicas", MASTER_NAME).contains(Integer.toString(replica.port())));
            return set;
        } catch (RuntimeException e) {
            for (RedisServer s : servers) {
                if (s != null) {
                    s.close();
                }
            }
            throw new IllegalStateException("the Redis Sentinel set did not form: " + e.getMessage(), e);
        }
    }

    /**
     * Returns its URI: the Sentinel, and the master's name.
     *
     * @return {@code redis-sentinel://127.0.0.1:PORT#lindy}
     */
    public String uri() {
        return "redis-sentinel://127.0.0.1:" + sentinel.port() + "#" + MASTER_NAME;
    }

    /**
     * Returns the server that was the master at the start.
     *
     * @return the first master
     */
    public RedisServer master() {
        return master;
    }

    /**
     * Returns the server that was the replica at the start; the master after a failover.
     *
     * @return the first replica
     */
    public RedisServer replica() {
        return replica;
    }

    /**
     * Waits until the Sentinel names a server as the master.
     *
     * @param server the server
     * @throws IllegalStateException if it does not within 30 s
     */
    public void awaitMaster(RedisServer server) {
        RedisServer.await("the Sentinel to name port " + server.port() + " the master", WITHIN,
                () -> sentinel.command("SENTINEL", "get-master-addr-by-name", MASTER_NAME).endsWith("\n" + server.port())
                        && server.command("ROLE").startsWith("master"));
    }

    /** Stops the three servers and deletes their directories. */
    @Override
    public void close() {
        sentinel.close();
        replica.close();
        master.close();
    }

    private static Path config(Path dir, int masterPort) {
        try {
            // The Sentinel rewrites its file as it learns: it must be its own, and writable.
            return Files.writeString(dir.resolve("sentinel.conf"), String.join("\n",
                    "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 1",
                    "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                    "sentinel failover-timeout " + MASTER_NAME + " 10000",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
