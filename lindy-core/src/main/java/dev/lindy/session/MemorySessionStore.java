package dev.lindy.session;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sessions kept in this JVM's memory: bounded in number (the least recently used session goes first when
 * full) and forgotten after their idle timeout, so no number of clients can make it grow without bound.
 * Every call answers at once. Sessions do not survive a restart and are not shared between nodes; use a
 * shared store for that.
 */
public final class MemorySessionStore implements SessionStore {
    private final int maxSessions;
    private final LinkedHashMap<String, Entry> sessions;

    /**
     * Creates a store.
     *
     * @param maxSessions how many sessions it holds at most
     */
    public MemorySessionStore(int maxSessions) {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1: " + maxSessions);
        }
        this.maxSessions = maxSessions;
        // Access order: the eldest entry is the least recently used, the first to expire or to go.
        this.sessions = new LinkedHashMap<>(16, 0.75f, true);
    }

    @Override
    public synchronized CompletionStage<SessionData> load(String cookieValue) {
        Entry e = sessions.get(cookieValue);
        long now = System.nanoTime();
        if (e == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (now - e.expiresAt >= 0) {
            sessions.remove(cookieValue);
            return CompletableFuture.completedFuture(null);
        }
        e.expiresAt = now + e.idleNanos;
        return CompletableFuture.completedFuture(new SessionData(cookieValue, e.values));
    }

    @Override
    public synchronized CompletionStage<String> save(SessionData session, SessionChanges changes, Duration idleTimeout) {
        long now = System.nanoTime();
        Entry e = sessions.get(session.id());
        boolean created = e == null || now - e.expiresAt >= 0;
        Map<String, Object> current = created ? Map.of() : e.values;
        sessions.put(session.id(), new Entry(changes.applyTo(current), now + idleTimeout.toNanos(), idleTimeout.toNanos()));
        evict(now);
        return CompletableFuture.completedFuture(created ? session.id() : null);
    }

    @Override
    public synchronized CompletionStage<Void> delete(String id) {
        sessions.remove(id);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Returns how many sessions the store holds now.
     *
     * @return the count, expired ones not yet swept included
     */
    public synchronized int size() {
        return sessions.size();
    }

    // Expired sessions are the least recently used: sweep them from the eldest, then trim to the bound.
    private void evict(long now) {
        Iterator<Entry> it = sessions.values().iterator();
        while (it.hasNext()) {
            Entry eldest = it.next();
            if (now - eldest.expiresAt < 0 && sessions.size() <= maxSessions) {
                break;
            }
            it.remove();
        }
    }

    private static final class Entry {
        final Map<String, Object> values;
        final long idleNanos;
        long expiresAt;

        Entry(Map<String, Object> values, long expiresAt, long idleNanos) {
            this.values = values;
            this.expiresAt = expiresAt;
            this.idleNanos = idleNanos;
        }
    }
}
