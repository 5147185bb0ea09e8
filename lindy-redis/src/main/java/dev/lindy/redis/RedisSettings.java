package dev.lindy.redis;

import dev.lindy.config.Config;
import dev.lindy.config.ConfigException;
import dev.lindy.redis.internal.Redacted;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where Redis is and how Lindy talks to it, frozen once built: read from the {@code redis:} section of an
 * app's configuration files, or built in code.
 *
 * <pre>{@code
 * redis:
 *   uri: redis://127.0.0.1:6379   # or rediss://, redis-sentinel://host:26379#mymaster
 *   prefix: "myapp:"
 *   timeout: 2s
 * }</pre>
 *
 * <p>One connection per node carries every request's commands (Lettuce multiplexes them), so there is no
 * pool to size: {@link #timeout()} bounds how long any command may take, and {@link #maxQueuedCommands()}
 * how many may wait for Redis at once.
 */
public final class RedisSettings {
    private static final List<String> KEYS = List.of("uri", "cluster", "prefix", "timeout", "connectTimeout",
            "maxReconnectDelay", "maxQueuedCommands", "startDegraded", "historyRetention");

    private final String uri;
    private final boolean cluster;
    private final String prefix;
    private final Duration timeout;
    private final Duration connectTimeout;
    private final Duration maxReconnectDelay;
    private final int maxQueuedCommands;
    private final boolean startDegraded;
    private final Duration historyRetention;

    private RedisSettings(Builder b) {
        uri = b.uri;
        cluster = b.cluster;
        prefix = b.prefix;
        timeout = b.timeout;
        connectTimeout = b.connectTimeout;
        maxReconnectDelay = b.maxReconnectDelay;
        maxQueuedCommands = b.maxQueuedCommands;
        startDegraded = b.startDegraded;
        historyRetention = b.historyRetention;
    }

    /**
     * Returns a builder holding the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the {@code redis:} section of an app's configuration; absent keys keep their defaults.
     *
     * @param appConfig the app's configuration, as {@code app.config()} or {@code Settings.config()} give it
     * @return the settings
     * @throws ConfigException naming the file, line and key, for an unknown key or a bad value
     */
    public static RedisSettings from(Config appConfig) {
        Config section = appConfig.section("redis");
        for (String key : section.asMap().keySet()) {
            if (!KEYS.contains(key)) {
                throw new ConfigException(where(appConfig, "redis." + key) + ", redis." + key + ": not a Redis setting;"
                        + " they are " + KEYS);
            }
        }
        Builder b = builder();
        try {
            b.uri(appConfig.get("redis.uri", b.uri));
            b.cluster(appConfig.getBoolean("redis.cluster", b.cluster));
            b.prefix(appConfig.get("redis.prefix", b.prefix));
            b.timeout(appConfig.getDuration("redis.timeout", b.timeout));
            b.connectTimeout(appConfig.getDuration("redis.connectTimeout", b.connectTimeout));
            b.maxReconnectDelay(appConfig.getDuration("redis.maxReconnectDelay", b.maxReconnectDelay));
            b.maxQueuedCommands(appConfig.getInt("redis.maxQueuedCommands", b.maxQueuedCommands));
            b.startDegraded(appConfig.getBoolean("redis.startDegraded", b.startDegraded));
            b.historyRetention(appConfig.getDuration("redis.historyRetention", b.historyRetention));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("the redis section: " + e.getMessage(), e);
        }
        return b.build();
    }

    private static String where(Config config, String key) {
        String origin = config.origin(key);
        return origin != null ? origin : "the configuration";
    }

    /**
     * Returns a builder holding these settings, to make an edited copy.
     *
     * @return a builder
     */
    public Builder newBuilder() {
        return builder().uri(uri).cluster(cluster).prefix(prefix).timeout(timeout).connectTimeout(connectTimeout)
                .maxReconnectDelay(maxReconnectDelay).maxQueuedCommands(maxQueuedCommands).startDegraded(startDegraded)
                .historyRetention(historyRetention);
    }

    /**
     * Returns where Redis is, as a Lettuce URI.
     *
     * @return the URI, default {@code redis://127.0.0.1:6379}
     */
    public String uri() {
        return uri;
    }

    /**
     * Tells whether the URI names a Redis Cluster rather than one server (or a Sentinel-watched one). A
     * cluster's URI names one or more of its nodes, comma-separated ({@code redis://host:port,host:port}); the
     * client learns the others from them, and follows failovers and resharding.
     *
     * @return true for a cluster, default false
     */
    public boolean cluster() {
        return cluster;
    }

    /**
     * Returns the text every key Lindy writes begins with, so that several apps can share one Redis.
     *
     * @return the prefix, default {@code lindy:}
     */
    public String prefix() {
        return prefix;
    }

    /**
     * Returns how long a command may take before it fails; a session load or save that fails gets its
     * request a 503.
     *
     * @return the timeout, default 2 s
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Returns how long connecting may take.
     *
     * @return the timeout, default 2 s
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Returns the longest wait between two attempts to reconnect; waits double from 50 ms up to it.
     *
     * @return the delay, default 2 s
     */
    public Duration maxReconnectDelay() {
        return maxReconnectDelay;
    }

    /**
     * Returns how many commands may wait for Redis at once on one connection; beyond it a command fails at
     * once, so a slow Redis cannot make memory grow without bound.
     *
     * @return the bound, default 65,536
     */
    public int maxQueuedCommands() {
        return maxQueuedCommands;
    }

    /**
     * Tells whether the app may start while Redis is unreachable: then every use fails (a session load or
     * save gets a 503) until Redis answers, and Lindy keeps trying to connect. Otherwise an unreachable
     * Redis stops the app from starting.
     *
     * @return true to start degraded, default false
     */
    public boolean startDegraded() {
        return startDegraded;
    }

    /**
     * Returns how long a hub topic keeps its history in Redis after its last message: a topic nobody
     * publishes to any more does not keep its stream for ever.
     *
     * @return the time, default 1 day
     */
    public Duration historyRetention() {
        return historyRetention;
    }

    @Override
    public String toString() {
        return "RedisSettings[" + Redacted.uri(uri) + (cluster ? ", cluster" : "") + ", prefix " + prefix + "]";
    }

    /** Builds {@link RedisSettings}. */
    public static final class Builder {
        private String uri = "redis://127.0.0.1:6379";
        private boolean cluster;
        private String prefix = "lindy:";
        private Duration timeout = Duration.ofSeconds(2);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration maxReconnectDelay = Duration.ofSeconds(2);
        private int maxQueuedCommands = 65_536;
        private boolean startDegraded;
        private Duration historyRetention = Duration.ofDays(1);

        private Builder() {
        }

        /**
         * Sets where Redis is.
         *
         * @param uri a Lettuce URI: {@code redis://[password@]host:port[/db]}, {@code rediss://} for TLS,
         *     {@code redis-sentinel://host:port[,host:port]#master} for Sentinel
         * @return this builder
         */
        public Builder uri(String uri) {
            if (uri == null || uri.isBlank()) {
                throw new IllegalArgumentException("redis.uri must not be blank");
            }
            this.uri = uri.trim();
            return this;
        }

        /**
         * Says whether the URI names a Redis Cluster.
         *
         * @param cluster true for a cluster
         * @return this builder
         */
        public Builder cluster(boolean cluster) {
            this.cluster = cluster;
            return this;
        }

        /**
         * Sets the prefix of every key.
         *
         * @param prefix any text, such as {@code myapp:}; empty for none
         * @return this builder
         */
        public Builder prefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * Sets how long a command may take.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /**
         * Sets how long connecting may take.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Sets the longest wait between two attempts to reconnect.
         *
         * @param delay at least 50 ms
         * @return this builder
         */
        public Builder maxReconnectDelay(Duration delay) {
            if (delay.toMillis() < 50) {
                throw new IllegalArgumentException("redis.maxReconnectDelay must be at least 50ms: " + delay);
            }
            this.maxReconnectDelay = delay;
            return this;
        }

        /**
         * Sets how many commands may wait for Redis at once on one connection.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxQueuedCommands(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("redis.maxQueuedCommands must be at least 1: " + n);
            }
            this.maxQueuedCommands = n;
            return this;
        }

        /**
         * Says whether the app may start while Redis is unreachable.
         *
         * @param degraded true to start anyway and connect once Redis answers
         * @return this builder
         */
        public Builder startDegraded(boolean degraded) {
            this.startDegraded = degraded;
            return this;
        }

        /**
         * Sets how long a hub topic keeps its history after its last message.
         *
         * @param retention positive
         * @return this builder
         */
        public Builder historyRetention(Duration retention) {
            this.historyRetention = positive(retention, "historyRetention");
            return this;
        }

        /**
         * Returns the frozen settings.
         *
         * @return the settings
         */
        public RedisSettings build() {
            return new RedisSettings(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("redis." + what + " must be positive: " + d);
            }
            return d;
        }
    }
}
