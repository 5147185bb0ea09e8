package dev.lindy.session;

import java.util.Map;
import java.util.Objects;

/**
 * A session as a store holds it: its id and its values, which are plain data (strings, numbers,
 * booleans, lists and maps of them), so that any store can keep them.
 *
 * @param id the session's id: 128 random bits or more
 * @param values the values, unmodifiable
 */
public record SessionData(String id, Map<String, Object> values) {
    /**
     * Checks the parts.
     *
     * @param id the id
     * @param values the values
     */
    public SessionData {
        Objects.requireNonNull(id, "id");
        values = Map.copyOf(values);
    }
}
