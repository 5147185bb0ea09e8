package dev.lindy.config.internal;

import dev.lindy.Settings;
import dev.lindy.config.Config;
import dev.lindy.config.ConfigException;
import dev.lindy.hub.Overflow;
import dev.lindy.session.CookieSessionStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills {@link Settings} from an app's configuration files. Lindy's own keys live under {@code lindy:}
 * and are checked strictly: an unknown key (with a suggestion for a likely typo), a value of the wrong
 * type or a bad value stops the app with a message naming the file, the line and the key. Everything
 * else in the files is the app's, read through {@link Config}.
 */
public final class SettingsFiles {
    private static final Logger LOG = LoggerFactory.getLogger("dev.lindy.Settings");
    private static final Map<String, Key> KEYS = new LinkedHashMap<>();

    static {
        text("host", Settings.Builder::host);
        number("port", Settings.Builder::port);
        number("ioThreads", Settings.Builder::ioThreads);
        number("maxWorkers", Settings.Builder::maxWorkers);
        number("maxQueuedHandlers", Settings.Builder::maxQueuedHandlers);
        size("maxRequestLineBytes", Settings.Builder::maxRequestLineBytes);
        size("maxHeaderBytes", Settings.Builder::maxHeaderBytes);
        size("maxBodyBytes", Settings.Builder::maxBodyBytes);
        size("streamBufferBytes", Settings.Builder::streamBufferBytes);
        number("maxConnections", Settings.Builder::maxConnections);
        duration("idleTimeout", Settings.Builder::idleTimeout);
        duration("headerTimeout", Settings.Builder::headerTimeout);
        duration("bodyTimeout", Settings.Builder::bodyTimeout);
        duration("asyncDeadline", Settings.Builder::asyncDeadline);
        duration("handlerTimeout", Settings.Builder::handlerTimeout);
        duration("writeTimeout", Settings.Builder::writeTimeout);
        duration("shutdownGrace", Settings.Builder::shutdownGrace);
        KEYS.put("stopOnSignal", (c, k, b) -> b.stopOnSignal(c.getBoolean(k, true)));
        text("accessLog", Settings.Builder::accessLog);
        KEYS.put("compression", (c, k, b) -> b.compression(c.getBoolean(k, true)));
        size("compressionMinBytes", Settings.Builder::compressionMinBytes);
        KEYS.put("compressibleTypes", (c, k, b) -> b.compressibleTypes(c.getList(k)));
        duration("blockedLoopThreshold", Settings.Builder::blockedLoopThreshold);
        KEYS.put("development", (c, k, b) -> b.development(c.getBoolean(k, false)));
        text("contentType", Settings.Builder::contentType);
        KEYS.put("secrets", (c, k, b) -> b.secrets(c.getList(k)));
        KEYS.put("trustedProxies", (c, k, b) -> b.trustedProxies(c.getList(k)));
        text("forwardedHeaders", Settings.Builder::forwardedHeaders);
        KEYS.put("session.store", (c, k, b) -> { });
        text("session.cookie", Settings.Builder::sessionCookie);
        duration("session.idleTimeout", Settings.Builder::sessionIdleTimeout);
        number("session.maxSessions", Settings.Builder::maxSessions);
        number("hub.history", Settings.Builder::hubHistory);
        number("hub.maxTopics", Settings.Builder::hubMaxTopics);
        number("hub.queue", Settings.Builder::hubQueue);
        KEYS.put("hub.overflow", (c, k, b) -> b.hubOverflow(overflow(c.get(k))));
        duration("sse.heartbeat", Settings.Builder::sseHeartbeat);
        KEYS.put("webSocket.origins", (c, k, b) -> b.webSocketOrigins(c.getList(k)));
        size("webSocket.maxFrameBytes", Settings.Builder::webSocketMaxFrameBytes);
        size("webSocket.maxMessageBytes", Settings.Builder::webSocketMaxMessageBytes);
        duration("webSocket.idleTimeout", Settings.Builder::webSocketIdleTimeout);
        KEYS.put("webSocket.compression", (c, k, b) -> b.webSocketCompression(c.getBoolean(k, false)));
        KEYS.put("public", (c, k, b) -> b.publicDir(Path.of(c.get(k))));
        KEYS.put("views", (c, k, b) -> b.viewsDir(Path.of(c.get(k))));
        text("layout", Settings.Builder::layout);
        text("staticCacheControl", Settings.Builder::staticCacheControl);
        KEYS.put("serveDotfiles", (c, k, b) -> b.serveDotfiles(c.getBoolean(k, false)));
        KEYS.put("maxUploadBytes", (c, k, b) -> b.maxUploadBytes(c.getBytes(k, 0)));
        KEYS.put("maxFileBytes", (c, k, b) -> b.maxFileBytes(c.getBytes(k, 0)));
        number("maxParts", Settings.Builder::maxParts);
        size("maxPartHeaderBytes", Settings.Builder::maxPartHeaderBytes);
        size("uploadMemoryBytes", Settings.Builder::uploadMemoryBytes);
        KEYS.put("tempDir", (c, k, b) -> b.tempDir(Path.of(c.get(k))));
        KEYS.put("maxUploadDiskBytes", (c, k, b) -> b.maxUploadDiskBytes(c.getBytes(k, 0)));
    }

    private SettingsFiles() {
    }

    /**
     * Reads an app's files and applies them to a builder.
     *
     * @param builder the builder, holding what the files do not set
     * @param appDir the app directory
     * @param environment the environment's name
     * @param variables the environment variables
     * @return the settings
     * @throws ConfigException if a file is malformed or holds a bad value
     * @throws IllegalArgumentException if {@code environment} is not an environment's name, or
     *     {@code appDir} is the file system root
     */
    public static Settings load(Settings.Builder builder, Path appDir, String environment,
            Function<String, String> variables) {
        builder.appDir(appDir).environment(environment);
        ConfigFiles files = ConfigFiles.read(appDir, environment, variables);
        Config all = new Config(files.tree(), files.origins());
        Object lindy = files.tree().get("lindy");
        if (lindy != null && !(lindy instanceof Map)) {
            throw new ConfigException(files.origins().get("lindy") + ", lindy: expected a section of Lindy's settings");
        }
        Config section = all.section("lindy");
        for (String key : flatten(section.asMap(), "")) {
            Key k = KEYS.get(key);
            if (k == null) {
                throw unknown(section, key);
            }
            if (!section.has(key)) {
                throw new ConfigException(where(section, key) + ", lindy." + key + ": has no value");
            }
            try {
                k.apply(section, key, builder);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where(section, key) + ", lindy." + key + ": " + e.getMessage(), e);
            }
        }
        Map<String, Object> own = new LinkedHashMap<>(files.tree());
        own.remove("lindy");
        Map<String, String> ownOrigins = new LinkedHashMap<>(files.origins());
        ownOrigins.keySet().removeIf(k -> k.equals("lindy") || k.startsWith("lindy."));
        builder.config(new Config(own, ownOrigins));
        store(section, builder.build(), builder);
        Settings settings = builder.build();
        LOG.info("app directory {}, environment {}, configuration {}", appDir, environment,
                files.files().isEmpty() ? "none (no config.yml)" : files.files());
        return settings;
    }

    // The cookie store is made last, with the secrets wherever in the files they were set; the memory store
    // (no store set) is made when the app starts.
    private static void store(Config section, Settings settings, Settings.Builder builder) {
        String store = section.get("session.store", "memory");
        switch (store) {
            case "memory":
                break;
            case "cookie":
                if (settings.secrets().isEmpty()) {
                    throw new ConfigException(where(section, "session.store") + ", lindy.session.store: the cookie store"
                            + " seals sessions with the app's secrets, and lindy.secrets has none");
                }
                builder.sessionStore(new CookieSessionStore(settings.secrets()));
                break;
            default:
                throw new ConfigException(where(section, "session.store") + ", lindy.session.store: expected memory or"
                        + " cookie (other stores are set in code with Settings.sessionStore), found '" + store + "'");
        }
    }

    private static List<String> flatten(Map<String, Object> tree, String prefix) {
        List<String> out = new java.util.ArrayList<>();
        tree.forEach((k, v) -> {
            String key = prefix + k;
            if (v instanceof Map && !KEYS.containsKey(key)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> inner = (Map<String, Object>) v;
                out.addAll(flatten(inner, key + "."));
            } else {
                out.add(key);
            }
        });
        return out;
    }

    private static ConfigException unknown(Config section, String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : KEYS.keySet()) {
            int d = distance(known.toLowerCase(), key.toLowerCase());
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        String hint = bestDistance <= 3 ? "; did you mean lindy." + best + "?" : "; Lindy's settings are " + KEYS.keySet();
        return new ConfigException(where(section, key) + ", lindy." + key + ": not a Lindy setting" + hint
                + " (keys of your own belong outside the lindy section)");
    }

    private static String where(Config section, String key) {
        String origin = section.origin(key);
        return origin != null ? origin : "the configuration";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static Overflow overflow(String value) {
        switch (value) {
            case "drop-oldest":
                return Overflow.DROP_OLDEST;
            case "close":
                return Overflow.CLOSE;
            default:
                throw new IllegalArgumentException("expected drop-oldest or close, found '" + value + "'");
        }
    }

    private static void text(String key, BiConsumer<Settings.Builder, String> set) {
        KEYS.put(key, (c, k, b) -> set.accept(b, c.get(k)));
    }

    private static void number(String key, BiConsumer<Settings.Builder, Integer> set) {
        KEYS.put(key, (c, k, b) -> set.accept(b, c.getInt(k, 0)));
    }

    private static void size(String key, BiConsumer<Settings.Builder, Integer> set) {
        KEYS.put(key, (c, k, b) -> {
            long bytes = c.getBytes(k, 0);
            if (bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("at most " + Integer.MAX_VALUE + " bytes");
            }
            set.accept(b, (int) bytes);
        });
    }

    private static void duration(String key, BiConsumer<Settings.Builder, Duration> set) {
        KEYS.put(key, (c, k, b) -> set.accept(b, c.getDuration(k, null)));
    }

    @FunctionalInterface
    private interface Key {
        void apply(Config section, String key, Settings.Builder builder);
    }
}
