package dev.lindy.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import dev.lindy.config.internal.Units;

/**
 * The app's own configuration: everything in {@code config.yml} and {@code environments/<env>.yml}
 * outside Lindy's {@code lindy:} section, the environment file's values over the main file's. Read it
 * with dotted keys and typed getters:
 *
 * <pre>{@code
 * String url = app.config().get("db.url");
 * int pool = app.config().getInt("db.pool", 10);
 * Duration ttl = app.config().getDuration("cache.ttl", Duration.ofMinutes(5));
 * }</pre>
 *
 * <p>A value of the wrong type is an {@link ConfigException} that names the file and line it came from.
 * Immutable and safe from any thread.
 */
public final class Config {
    private static final Config EMPTY = new Config(Map.of(), Map.of());

    private final Map<String, Object> values;
    private final Map<String, String> origins;

    /**
     * Creates a configuration from a tree of values.
     *
     * @param values nested maps, lists and scalars (String, Long, Double, Boolean)
     * @param origins where each dotted key came from, such as {@code config.yml line 4}, for messages
     */
    public Config(Map<String, Object> values, Map<String, String> origins) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.origins = Map.copyOf(origins);
    }

    /**
     * Returns an empty configuration.
     *
     * @return a configuration with no keys
     */
    public static Config empty() {
        return EMPTY;
    }

    /**
     * Tells whether a key has a value.
     *
     * @param key a dotted key such as {@code db.url}
     * @return true if present and not null
     */
    public boolean has(String key) {
        return lookup(key) != null;
    }

    /**
     * Returns a value as text.
     *
     * @param key a dotted key
     * @return the value, or null if absent
     * @throws ConfigException if the key holds a section or a list
     */
    public String get(String key) {
        Object v = lookup(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            throw wrong(key, "a single value", v);
        }
        return v.toString();
    }

    /**
     * Returns a value as text, or a fallback.
     *
     * @param key a dotted key
     * @param fallback what to return when absent
     * @return the value or the fallback
     */
    public String get(String key, String fallback) {
        String v = get(key);
        return v != null ? v : fallback;
    }

    /**
     * Returns a whole number.
     *
     * @param key a dotted key
     * @param fallback what to return when absent
     * @return the number
     * @throws ConfigException if the value is not a whole number that fits an int
     */
    public int getInt(String key, int fallback) {
        long v = getLong(key, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw wrong(key, "a number that fits an int", v);
        }
        return (int) v;
    }

    /**
     * Returns a whole number.
     *
     * @param key a dotted key
     * @param fallback what to return when absent
     * @return the number
     * @throws ConfigException if the value is not a whole number
     */
    public long getLong(String key, long fallback) {
        Object v = lookup(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Long) {
            return (Long) v;
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw wrong(key, "a whole number", v);
        }
    }

    /**
     * Returns a yes/no value: {@code true}/{@code false} (YAML's booleans) or the text {@code "true"}/{@code "false"}.
     *
     * @param key a dotted key
     * @param fallback what to return when absent
     * @return the value
     * @throws ConfigException if the value is neither
     */
    public boolean getBoolean(String key, boolean fallback) {
        Object v = lookup(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw wrong(key, "true or false", v);
    }

    /**
     * Returns a duration written as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or in
     * ISO-8601 ({@code PT30S}).
     *
     * @param key a dotted key
     * @param fallback what to return when absent
     * @return the duration
     * @throws ConfigException if the value is not a duration
     */
    public Duration getDuration(String key, Duration fallback) {
        Object v = lookup(key);
        if (v == null) {
            return fallback;
        }
        Duration d = Units.duration(v.toString());
        if (d == null) {
            throw wrong(key, "a duration such as 30s, 250ms, 5m or PT30S", v);
        }
        return d;
    }

    /**
     * Returns a size in bytes, written as a number of bytes or with {@code KiB}, {@code MiB} or {@code GiB}.
     *
     * @param key a dotted key
     * @param fallback what to return when absent
     * @return the size
     * @throws ConfigException if the value is not a size
     */
    public long getBytes(String key, long fallback) {
        Object v = lookup(key);
        if (v == null) {
            return fallback;
        }
        Long bytes = Units.bytes(v.toString());
        if (bytes == null) {
            throw wrong(key, "a size such as 1048576, 512KiB or 10MiB", v);
        }
        return bytes;
    }

    /**
     * Returns a list of values as text; a single value is a list of one.
     *
     * @param key a dotted key
     * @return the values, empty if absent
     */
    public List<String> getList(String key) {
        Object v = lookup(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List) {
            List<String> out = new ArrayList<>();
            for (Object item : (List<?>) v) {
                out.add(String.valueOf(item));
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Map) {
            throw wrong(key, "a list", v);
        }
        return List.of(v.toString());
    }

    /**
     * Returns a section as a configuration of its own.
     *
     * @param key a dotted key
     * @return the section, empty if absent
     */
    public Config section(String key) {
        Object v = lookup(key);
        if (v == null) {
            return EMPTY;
        }
        if (!(v instanceof Map)) {
            throw wrong(key, "a section", v);
        }
        Map<String, String> inner = new LinkedHashMap<>();
        origins.forEach((k, o) -> {
            if (k.startsWith(key + ".")) {
                inner.put(k.substring(key.length() + 1), o);
            }
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> section = (Map<String, Object>) v;
        return new Config(section, inner);
    }

    /**
     * Returns the whole tree.
     *
     * @return an unmodifiable map of nested maps, lists and scalars
     */
    public Map<String, Object> asMap() {
        return values;
    }

    /**
     * Tells where a key's value came from.
     *
     * @param key a dotted key
     * @return for example {@code environments/production.yml line 3}, or null if unknown
     */
    public String origin(String key) {
        return origins.get(key);
    }

    private Object lookup(String key) {
        Objects.requireNonNull(key, "key");
        Object node = values;
        for (String part : key.split("\\.")) {
            if (!(node instanceof Map)) {
                return null;
            }
            node = ((Map<?, ?>) node).get(part);
        }
        return node;
    }

    private ConfigException wrong(String key, String expected, Object actual) {
        String where = origins.getOrDefault(key, "the configuration");
        return new ConfigException(where + ", " + key + ": expected " + expected + ", found '" + actual + "'");
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
