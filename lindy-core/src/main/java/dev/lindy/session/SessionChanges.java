package dev.lindy.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one request did to its session: the keys it put, the keys it removed, and whether it cleared the
 * session first. Stores apply changes to what they hold now rather than overwrite it with the request's
 * copy, so two overlapping requests of one session keep each other's writes to different keys; for the
 * same key, the request that saves last wins.
 */
public final class SessionChanges {
    private static final Object REMOVED = new Object();

    private final Map<String, Object> changed = new LinkedHashMap<>();
    private boolean cleared;

    /** Creates an empty set of changes. */
    public SessionChanges() {
    }

    /**
     * Records a value put.
     *
     * @param key the key
     * @param value the plain-data value
     */
    public synchronized void put(String key, Object value) {
        changed.put(key, value);
    }

    /**
     * Records a key removed.
     *
     * @param key the key
     */
    public synchronized void remove(String key) {
        changed.put(key, REMOVED);
    }

    /** Records that every value was removed; later puts still count. */
    public synchronized void clear() {
        changed.clear();
        cleared = true;
    }

    /**
     * Tells whether anything changed.
     *
     * @return true after any put, remove or clear
     */
    public synchronized boolean isEmpty() {
        return changed.isEmpty() && !cleared;
    }

    /**
     * Tells whether the request cleared the session; its puts and removals come after the clear.
     *
     * @return true after a clear
     */
    public synchronized boolean isCleared() {
        return cleared;
    }

    /**
     * Returns the values put, for a store that applies the changes where it keeps sessions.
     *
     * @return the keys put and their plain-data values, in the order first changed; unmodifiable
     */
    public synchronized Map<String, Object> puts() {
        Map<String, Object> out = new LinkedHashMap<>();
        changed.forEach((k, v) -> {
            if (v != REMOVED) {
                out.put(k, v);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /**
     * Returns the keys removed, for a store that applies the changes where it keeps sessions.
     *
     * @return the keys, in the order first changed; unmodifiable
     */
    public synchronized Set<String> removals() {
        Set<String> out = new LinkedHashSet<>();
        changed.forEach((k, v) -> {
            if (v == REMOVED) {
                out.add(k);
            }
        });
        return Collections.unmodifiableSet(out);
    }

    /**
     * Returns the values after these changes are applied to others.
     *
     * @param current what the store holds now
     * @return a new, unmodifiable map
     */
    public synchronized Map<String, Object> applyTo(Map<String, Object> current) {
        Map<String, Object> out = cleared ? new LinkedHashMap<>() : new LinkedHashMap<>(current);
        changed.forEach((k, v) -> {
            if (v == REMOVED) {
                out.remove(k);
            } else {
                out.put(k, v);
            }
        });
        return Collections.unmodifiableMap(out);
    }
}
