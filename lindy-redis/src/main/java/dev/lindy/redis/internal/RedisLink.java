package dev.lindy.redis.internal;

import dev.lindy.redis.RedisSettings;
import dev.lindy.redis.RedisUnavailableException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.RedisClusterURIUtil;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's link to Redis: a Lettuce client, standalone (Sentinel included) or for a Redis Cluster, and the
 * one connection that multiplexes every command (on a cluster, one that routes each command to the master of
 * its key's slot and follows the cluster's changes of topology). Commands never block: they answer with a
 * stage completed on Lettuce's threads. While a standalone connection is down they fail at once rather than
 * wait, so a request that needs Redis gets its answer (a 503) without delay; on a cluster, a command for a
 * master that is down waits for it up to {@link RedisSettings#timeout()}. Lettuce reconnects by itself,
 * doubling its wait up to {@link RedisSettings#maxReconnectDelay()}, and commands work again once it has.
 *
 * <p>A link whose first connection failed (allowed by {@link RedisSettings#startDegraded()}) keeps
 * trying, with the same waits, until Redis answers or the link closes.
 */
public final class RedisLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);

    private final RedisSettings settings;
    private final String purpose;
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final Delay backoff;
    private final List<RedisURI> uris;
    private volatile StatefulConnection<String, String> connection;
    private volatile RedisClusterAsyncCommands<String, String> commands;
    private volatile boolean closed;

    private RedisLink(RedisSettings settings, String purpose) {
        this.settings = settings;
        this.uris = uris(settings);
        this.purpose = purpose;
        this.backoff = Delay.exponential(Duration.ofMillis(50), settings.maxReconnectDelay(), 2, TimeUnit.MILLISECONDS);
        // Two threads each is Lettuce's least: one connection is served by one event loop anyway.
        this.resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(backoff).build();
        this.client = settings.cluster() ? clusterClient(uris) : standaloneClient();
    }

    /**
     * Opens a link and connects, waiting for the connection: call it while an app starts, never on an
     * event loop.
     *
     * @param settings where Redis is
     * @param purpose what the link is for, such as {@code sessions}, for messages
     * @return the link, connected, or still connecting when the settings allow starting degraded
     * @throws IllegalStateException if Redis is unreachable and the settings do not allow starting degraded
     */
    public static RedisLink open(RedisSettings settings, String purpose) {
        RedisLink link = new RedisLink(settings, purpose);
        try {
            link.connected(await(link.connect(), settings.connectTimeout()));
            return link;
        } catch (RuntimeException e) {
            if (!settings.startDegraded()) {
                link.close();
                throw new IllegalStateException("lindy-redis: Redis at " + link.where() + " is unreachable for the "
                        + purpose + " (" + reason(e) + "); start Redis, or set redis.startDegraded: true to start"
                        + " without it and connect once it answers", e);
            }
            LOG.warn("Redis at {} is unreachable for the {} ({}); starting degraded, connecting once it answers",
                    link.where(), purpose, reason(e));
            link.connectLater(link::connect, c -> {
                link.connected(c);
                LOG.info("Redis at {} answers; the {} work again", link.where(), purpose);
            });
            return link;
        }
    }

    /**
     * Runs a command. It fails at once with a {@link RedisUnavailableException} while Redis is unreachable.
     *
     * @param command issues the command on Lettuce's async API
     * @param <T> what it answers
     * @return the answer, completed on one of Lettuce's threads
     */
    public <T> CompletionStage<T> call(Function<RedisClusterAsyncCommands<String, String>, RedisFuture<T>> command) {
        RedisClusterAsyncCommands<String, String> c = commands;
        if (c == null) {
            return CompletableFuture.failedFuture(unavailable(null));
        }
        CompletableFuture<T> out = new CompletableFuture<>();
        RedisFuture<T> sent;
        try {
            sent = command.apply(c);
        } catch (RuntimeException e) {
            out.completeExceptionally(translate(e));
            return out;
        }
        sent.whenComplete((value, error) -> {
            if (error == null) {
                out.complete(value);
            } else {
                out.completeExceptionally(translate(error));
            }
        });
        return out;
    }

    /**
     * Opens a connection for publish/subscribe beside the commands' one, on the same client; it reconnects,
     * and subscribes again to what it had, by itself.
     *
     * @return the connection, once connected
     */
    public CompletableFuture<StatefulRedisPubSubConnection<String, String>> connectPubSub() {
        if (client instanceof RedisClusterClient cluster) {
            // A cluster carries a PUBLISH to every node, so one node's subscriptions hear every topic.
            return topology(cluster).thenCompose(v -> cluster.connectPubSubAsync(StringCodec.UTF8)).thenApply(c -> c);
        }
        return ((RedisClient) client).connectPubSubAsync(StringCodec.UTF8, uris.get(0)).toCompletableFuture()
                .thenApply(c -> c);
    }

    /**
     * Connects in the background, trying again with the link's growing waits until it succeeds or the link
     * closes.
     *
     * @param connect starts one attempt
     * @param connected takes the connection
     * @param <C> the connection's type
     */
    public <C extends StatefulConnection<String, String>> void connectLater(Supplier<CompletableFuture<C>> connect,
            Consumer<C> connected) {
        retry(1, connect, connected);
    }

    /**
     * Listens to every connection of the link's client going up and down.
     *
     * @param listener the listener; it gets the connection the event is about
     */
    public void listen(RedisConnectionStateListener listener) {
        client.addListener(listener);
    }

    /**
     * Runs a task later on the client's threads, unless the link has closed by then.
     *
     * @param task the task
     * @param delay how long to wait
     */
    public void later(Runnable task, Duration delay) {
        resources.eventExecutorGroup().schedule(() -> {
            if (!closed) {
                task.run();
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Returns how long to wait before an attempt, growing with the attempts up to the longest wait.
     *
     * @param attempt the attempt, from 1
     * @return the wait
     */
    public Duration backoff(int attempt) {
        return backoff.createDelay(attempt);
    }

    /**
     * Tells whether the link was closed.
     *
     * @return true after {@link #close()}
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Tells whether the commands' connection is up now.
     *
     * @return true when connected
     */
    public boolean isConnected() {
        StatefulConnection<String, String> c = connection;
        return c != null && c.isOpen();
    }

    /**
     * Returns the link's settings.
     *
     * @return the settings
     */
    public RedisSettings settings() {
        return settings;
    }

    /**
     * Returns where Redis is, without any password, for messages.
     *
     * @return the URI, redacted
     */
    public String where() {
        return Redacted.uri(settings.uri());
    }

    /**
     * Returns the failure of a command that could not reach Redis.
     *
     * @param cause what the client said, or null
     * @return the failure, naming Redis and the link's purpose
     */
    public RedisUnavailableException unavailable(Throwable cause) {
        return new RedisUnavailableException("Redis at " + where() + " is unreachable for the " + purpose
                + (cause == null ? "" : " (" + reason(cause) + ")"), cause);
    }

    @Override
    public void close() {
        closed = true;
        // The client closes its connections as it shuts down.
        client.shutdownAsync(0, 2, TimeUnit.SECONDS).whenComplete((v, e) -> resources.shutdown(0, 2, TimeUnit.SECONDS));
    }

    private RedisClient standaloneClient() {
        RedisClient c = RedisClient.create(resources);
        ClientOptions.Builder options = ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        c.setOptions(common(options).build());
        return c;
    }

    private RedisClusterClient clusterClient(List<RedisURI> seeds) {
        RedisClusterClient c = RedisClusterClient.create(resources, seeds);
        ClusterClientOptions.Builder options = ClusterClientOptions.builder()
                // The client connects to each master when a command first needs it: rejecting commands while
                // disconnected would reject that first command too. They wait instead, within the timeout.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                // A failover or a resharding moves slots: follow it at once on a MOVED or a lost node, and
                // look again every half minute for what no command ran into.
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .enablePeriodicRefresh(Duration.ofSeconds(30))
                        .build());
        common(options);
        c.setOptions(options.build());
        return c;
    }

    // What both kinds of client share: reconnecting, a bounded queue, the command timeout, the sockets.
    private <B extends ClientOptions.Builder> B common(B options) {
        options.autoReconnect(true)
                .requestQueueSize(settings.maxQueuedCommands())
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).keepAlive(true).build());
        return options;
    }

    // A cluster's URI may name several of its nodes, comma-separated; any one that answers tells the rest.
    private static List<RedisURI> uris(RedisSettings settings) {
        List<RedisURI> uris;
        try {
            uris = settings.cluster() ? RedisClusterURIUtil.toRedisURIs(URI.create(settings.uri()))
                    : List.of(RedisURI.create(settings.uri()));
        } catch (RuntimeException e) {
            // Lettuce's message repeats the URI, password and all.
            throw new IllegalStateException("lindy-redis: redis.uri is not a Redis URI: " + Redacted.uri(settings.uri()));
        }
        if (uris.isEmpty()) {
            throw new IllegalStateException("lindy-redis: redis.uri names no Redis: " + Redacted.uri(settings.uri()));
        }
        uris.forEach(u -> u.setTimeout(settings.timeout()));
        return uris;
    }

    private CompletableFuture<StatefulConnection<String, String>> connect() {
        if (client instanceof RedisClusterClient cluster) {
            return topology(cluster).thenCompose(v -> cluster.connectAsync(StringCodec.UTF8)).thenApply(c -> c);
        }
        return ((RedisClient) client).connectAsync(StringCodec.UTF8, uris.get(0)).toCompletableFuture().thenApply(c -> c);
    }

    // The cluster client connects asynchronously only once it knows which node serves which slots.
    private static CompletableFuture<Void> topology(RedisClusterClient cluster) {
        return cluster.refreshPartitionsAsync().toCompletableFuture();
    }

    private void connected(StatefulConnection<String, String> c) {
        if (closed) {
            c.closeAsync();
            return;
        }
        connection = c;
        commands = c instanceof StatefulRedisClusterConnection<String, String> cluster ? cluster.async()
                : ((StatefulRedisConnection<String, String>) c).async();
    }

    // Try again, waiting longer each time, until Redis answers or the link closes.
    private <C extends StatefulConnection<String, String>> void retry(int attempt, Supplier<CompletableFuture<C>> connect,
            Consumer<C> connected) {
        later(() -> connect.get().whenComplete((c, error) -> {
            if (error == null) {
                connected.accept(c);
            } else {
                retry(attempt + 1, connect, connected);
            }
        }), backoff(attempt));
    }

    private static <C> C await(CompletableFuture<C> future, Duration connectTimeout) {
        try {
            // Sentinel and cluster connect in several steps, each bounded by the connect timeout.
            return future.get(connectTimeout.toMillis() * 3, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : new RedisException(e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new RedisException("no connection within " + connectTimeout.multipliedBy(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while connecting");
        }
    }

    // What the client says went wrong, at its root: "Connection refused", not three layers of wrapping.
    private static String reason(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        // Lettuce's cluster client adds lines of details: the first says what went wrong.
        return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse(message).trim();
    }

    // An error Redis itself answered (a bad script, a wrong type) is a bug and passes as it is; anything
    // that means Redis is not there, or not ready, is unavailability.
    private Throwable translate(Throwable error) {
        if (error instanceof CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        boolean answered = error instanceof RedisCommandExecutionException && !(error instanceof RedisLoadingException)
                && !(error instanceof RedisBusyException) && !(error instanceof RedisReadOnlyException)
                && !isTransient(error.getMessage());
        return answered ? error : unavailable(error);
    }

    private static boolean isTransient(String message) {
        return message != null && (message.startsWith("CLUSTERDOWN") || message.startsWith("MASTERDOWN")
                || message.startsWith("TRYAGAIN"));
    }
}
