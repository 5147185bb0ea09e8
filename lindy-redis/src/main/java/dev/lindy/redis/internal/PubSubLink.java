package dev.lindy.redis.internal;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A link's connection for publish/subscribe, and what happens to it: it tells its {@link Events} each
 * message, and each time it goes down and comes back up (Lettuce reconnects it by itself, and subscribes
 * again to the channels Redis had confirmed). Until it has connected a first time, it keeps trying. It
 * closes with its link's client.
 */
public final class PubSubLink {
    private final RedisLink link;
    private final Events events;
    private volatile StatefulRedisPubSubConnection<String, String> connection;

    /** What a publish/subscribe connection tells: its messages, and its going down and up. */
    public interface Events {
        /**
         * Takes a message, on a Lettuce thread; it must not block.
         *
         * @param channel the channel
         * @param payload the message
         */
        void message(String channel, String payload);

        /** The connection is up: the first time, or again after it was lost. */
        void connected();

        /** The connection was lost: messages published from now until it is up again do not arrive. */
        void disconnected();
    }

    private PubSubLink(RedisLink link, Events events) {
        this.link = link;
        this.events = events;
    }

    /**
     * Opens the connection. When the link is connected, it waits for this one too, and fails like the link
     * would; otherwise (a degraded start) it connects in the background.
     *
     * @param link the link, whose client it shares
     * @param events what to tell
     * @return the connection's link
     * @throws IllegalStateException if it cannot connect while the link can, and starting degraded is off
     */
    public static PubSubLink open(RedisLink link, Events events) {
        PubSubLink pubSub = new PubSubLink(link, events);
        link.listen(pubSub.new StateListener());
        if (!link.isConnected()) {
            link.connectLater(link::connectPubSub, pubSub::connected);
            return pubSub;
        }
        CompletableFuture<StatefulRedisPubSubConnection<String, String>> first = link.connectPubSub();
        try {
            pubSub.connected(first.get(link.settings().connectTimeout().toMillis() * 3, TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
            if (!link.settings().startDegraded()) {
                throw new IllegalStateException("lindy-redis: Redis at " + link.where() + " refused a publish/subscribe"
                        + " connection: " + e.getMessage(), e);
            }
            link.connectLater(link::connectPubSub, pubSub::connected);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to Redis", e);
        }
        return pubSub;
    }

    /**
     * Returns the connection's commands, or null while it has never connected.
     *
     * @return the commands
     */
    public RedisPubSubAsyncCommands<String, String> commands() {
        StatefulRedisPubSubConnection<String, String> c = connection;
        return c == null ? null : c.async();
    }

    /**
     * Subscribes to a channel.
     *
     * @param channel the channel
     * @return completes once Redis confirmed it; fails while the connection is down
     */
    public CompletionStage<Void> subscribe(String channel) {
        RedisPubSubAsyncCommands<String, String> c = commands();
        if (c == null) {
            return CompletableFuture.failedFuture(link.unavailable(null));
        }
        return c.subscribe(channel);
    }

    /**
     * Unsubscribes from a channel, without waiting; while the connection is down, nothing happens.
     *
     * @param channel the channel
     */
    public void unsubscribe(String channel) {
        RedisPubSubAsyncCommands<String, String> c = commands();
        if (c != null) {
            c.unsubscribe(channel);
        }
    }

    private void connected(StatefulRedisPubSubConnection<String, String> c) {
        if (link.isClosed()) {
            c.closeAsync();
            return;
        }
        c.addListener(new RedisPubSubAdapter<String, String>() {
            @Override
            public void message(String channel, String message) {
                events.message(channel, message);
            }
        });
        connection = c;
        events.connected();
    }

    /** Watches the client's connections for this one going down and up. */
    private final class StateListener implements RedisConnectionStateListener {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> c, SocketAddress address) {
            if (c == connection) {
                events.connected();
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> c) {
            if (c == connection) {
                events.disconnected();
            }
        }
    }
}
