package dev.lindy.redis.internal;

import dev.lindy.session.SessionChanges;
import dev.lindy.session.internal.PlainData;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a session lives in Redis: one hash per session, under the prefix, {@code session:} and its id. The
 * field {@code ttl} holds the idle timeout in milliseconds, which is also the key's time to live, set again
 * at each load and save; each value is a field {@code v:<key>} holding the value as JSON. Every step is one
 * Lua script on one key, so it is atomic and works on a cluster.
 */
public final class SessionHashes {
    /** Refreshes the time to live and answers every field; nothing for a session Redis does not hold. */
    public static final Script LOAD = new Script(String.join("\n",
            "local ttl = redis.call('HGET', KEYS[1], 'ttl')",
            "if not ttl then return {} end",
            "redis.call('PEXPIRE', KEYS[1], ttl)",
            "return redis.call('HGETALL', KEYS[1])"), ScriptOutputType.MULTI);

    /** Writes a new session whole: ARGV is the time to live, then fields and values. */
    public static final Script CREATE = new Script(String.join("\n",
            "redis.call('DEL', KEYS[1])",
            "redis.call('HSET', KEYS[1], 'ttl', ARGV[1])",
            "for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end",
            "redis.call('PEXPIRE', KEYS[1], ARGV[1])",
            "return 1"), ScriptOutputType.INTEGER);

    /**
     * Applies a request's changes to a session Redis still holds, and answers 0 without making it again
     * when it does not: ARGV is the time to live, 1 if cleared, the count of removals, the removed fields,
     * then fields and values put.
     */
    public static final Script SAVE = new Script(String.join("\n",
            "if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end",
            "if ARGV[2] == '1' then",
            "  for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do",
            "    if string.sub(f, 1, 2) == 'v:' then redis.call('HDEL', KEYS[1], f) end",
            "  end",
            "end",
            "local removed = tonumber(ARGV[3])",
            "for i = 4, 3 + removed do redis.call('HDEL', KEYS[1], ARGV[i]) end",
            "for i = 4 + removed, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end",
            "redis.call('HSET', KEYS[1], 'ttl', ARGV[1])",
            "redis.call('PEXPIRE', KEYS[1], ARGV[1])",
            "return 1"), ScriptOutputType.INTEGER);

    // Lindy's ids are 22 Base64url characters; anything else a client sends names no session.
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private static final String VALUE = "v:";

    private SessionHashes() {
    }

    /**
     * Tells whether a cookie value can be a session's id.
     *
     * @param cookieValue what the client sent
     * @return true if it has the shape of an id
     */
    public static boolean isId(String cookieValue) {
        return cookieValue != null && ID.matcher(cookieValue).matches();
    }

    /**
     * Returns the key of a session.
     *
     * @param prefix the keys' prefix
     * @param id the session's id
     * @return the key
     */
    public static String key(String prefix, String id) {
        return prefix + "session:" + id;
    }

    /**
     * Returns the arguments of {@link #CREATE}.
     *
     * @param values the session's values
     * @param idleTimeout its idle timeout
     * @return the arguments
     */
    public static String[] createArgs(Map<String, Object> values, Duration idleTimeout) {
        List<String> args = new ArrayList<>();
        args.add(millis(idleTimeout));
        values.forEach((k, v) -> {
            args.add(VALUE + k);
            args.add(PlainData.write(v));
        });
        return args.toArray(new String[0]);
    }

    /**
     * Returns the arguments of {@link #SAVE}.
     *
     * @param changes what the request did
     * @param idleTimeout the session's idle timeout
     * @return the arguments
     */
    public static String[] saveArgs(SessionChanges changes, Duration idleTimeout) {
        List<String> args = new ArrayList<>();
        args.add(millis(idleTimeout));
        args.add(changes.isCleared() ? "1" : "0");
        List<String> removals = new ArrayList<>(changes.removals());
        args.add(Integer.toString(removals.size()));
        removals.forEach(k -> args.add(VALUE + k));
        changes.puts().forEach((k, v) -> {
            args.add(VALUE + k);
            args.add(PlainData.write(v));
        });
        return args.toArray(new String[0]);
    }

    /**
     * Reads the answer of {@link #LOAD}.
     *
     * @param fields field, value, field, value...
     * @return the values, or null when Redis held no session
     * @throws IllegalArgumentException if a value is not JSON Lindy wrote
     */
    public static Map<String, Object> values(List<?> fields) {
        if (fields == null || fields.isEmpty()) {
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String field = String.valueOf(fields.get(i));
            if (field.startsWith(VALUE)) {
                values.put(field.substring(VALUE.length()), PlainData.read(String.valueOf(fields.get(i + 1))));
            }
        }
        return values;
    }

    // A timeout below a millisecond would be 0, which PEXPIRE refuses: a session lives one at least.
    private static String millis(Duration d) {
        return Long.toString(Math.max(1, d.toMillis()));
    }
}
