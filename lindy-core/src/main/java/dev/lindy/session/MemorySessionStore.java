package dev.lindy.session;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Sessions kept in this JVM's memory: bounded in number and forgotten after their idle timeout, so no
 * number of clients can make it grow without bound. Every call answers at once. Sessions do not survive a
 * restart and are not shared between nodes; use a shared store for that.
 *
 * <p>When full, it forgets first the sessions nobody came back to. A new session starts on probation; when
 * its client comes back with the cookie, the session is protected. A full store evicts the least recently
 * used session on probation, and a protected one only when none is left on probation; protected sessions
 * fill at most four fifths of the store, the least recently used of them going back on probation beyond
 * that. So a flood of clients that each make a session and never return (each anonymous page view with a
 * CSRF token makes one) churns through probation and leaves the sessions in use alone. A session that takes
 * over from another at a regenerate (a login) keeps the standing of the one it replaces. Clients that do
 * come back compete for protected places like anyone else: the bound stays a bound.
 *
 * <p>A session the store no longer holds is never made again by a save (see {@link SessionStore}): a
 * request that loaded it before it was deleted, expired or evicted drops its changes and sets no cookie.
 */
public final class MemorySessionStore implements SessionStore {
    private final int maxSessions;
    private final int maxProtected;
    private final LongSupplier nanoTime;
    // Access order in both: the eldest entry is the least recently used, the first to expire or to go.
    private final LinkedHashMap<String, Entry> probation = new LinkedHashMap<>(16, 0.75f, true);
    private final LinkedHashMap<String, Entry> protectedOnes = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * Creates a store.
     *
     * @param maxSessions how many sessions it holds at most
     */
    public MemorySessionStore(int maxSessions) {
        this(maxSessions, System::nanoTime);
    }

    /** Creates a store that reads the time, in nanoseconds from any origin, from a ticker. */
    MemorySessionStore(int maxSessions, LongSupplier nanoTime) {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1: " + maxSessions);
        }
        this.maxSessions = maxSessions;
        this.maxProtected = maxSessions - Math.max(1, maxSessions / 5);
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized CompletionStage<SessionData> load(String cookieValue) {
        long now = nanoTime.getAsLong();
        Entry e = probation.remove(cookieValue);
        boolean cameBack = e != null;
        if (e == null) {
            e = protectedOnes.get(cookieValue);
        }
        if (e == null || e.isExpired(now)) {
            protectedOnes.remove(cookieValue);
            return CompletableFuture.completedFuture(null);
        }
        e.expiresAt = now + e.idleNanos;
        if (cameBack) {
            protectedOnes.put(cookieValue, e);
            demoteBeyondShare();
        }
        return CompletableFuture.completedFuture(new SessionData(cookieValue, e.values));
    }

    @Override
    public synchronized CompletionStage<String> create(SessionData session, String replaced, Duration idleTimeout) {
        long now = nanoTime.getAsLong();
        boolean standing = false;
        if (replaced != null) {
            probation.remove(replaced);
            standing = protectedOnes.remove(replaced) != null;
        }
        probation.remove(session.id());
        protectedOnes.remove(session.id());
        Entry e = new Entry(session.values(), now + idleTimeout.toNanos(), idleTimeout.toNanos());
        if (standing) {
            protectedOnes.put(session.id(), e);
            demoteBeyondShare();
        } else {
            probation.put(session.id(), e);
        }
        evict(now);
        return CompletableFuture.completedFuture(session.id());
    }

    @Override
    public synchronized CompletionStage<String> save(SessionData session, SessionChanges changes, Duration idleTimeout) {
        long now = nanoTime.getAsLong();
        Entry e = probation.get(session.id());
        if (e == null) {
            e = protectedOnes.get(session.id());
        }
        if (e == null) {
            // Deleted, evicted or never made here: making it again could hand back an id from before a login.
            return CompletableFuture.completedFuture(null);
        }
        if (e.isExpired(now)) {
            probation.remove(session.id());
            protectedOnes.remove(session.id());
            return CompletableFuture.completedFuture(null);
        }
        e.values = changes.applyTo(e.values);
        e.idleNanos = idleTimeout.toNanos();
        e.expiresAt = now + e.idleNanos;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Void> delete(String id) {
        probation.remove(id);
        protectedOnes.remove(id);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Returns how many sessions the store holds now.
     *
     * @return the count, expired ones not yet swept included
     */
    public synchronized int size() {
        return probation.size() + protectedOnes.size();
    }

    private void demoteBeyondShare() {
        while (protectedOnes.size() > maxProtected) {
            Iterator<Map.Entry<String, Entry>> it = protectedOnes.entrySet().iterator();
            Map.Entry<String, Entry> eldest = it.next();
            it.remove();
            probation.put(eldest.getKey(), eldest.getValue());
        }
    }

    // Expired sessions gather at the eldest end: sweep them, then trim to the bound, probation first.
    private void evict(long now) {
        sweep(probation, now);
        sweep(protectedOnes, now);
        while (size() > maxSessions) {
            Iterator<Entry> it = (probation.isEmpty() ? protectedOnes : probation).values().iterator();
            it.next();
            it.remove();
        }
    }

    private static void sweep(LinkedHashMap<String, Entry> segment, long now) {
        Iterator<Entry> it = segment.values().iterator();
        while (it.hasNext() && it.next().isExpired(now)) {
            it.remove();
        }
    }

    private static final class Entry {
        Map<String, Object> values;
        long idleNanos;
        long expiresAt;

        Entry(Map<String, Object> values, long expiresAt, long idleNanos) {
            this.values = values;
            this.expiresAt = expiresAt;
            this.idleNanos = idleNanos;
        }

        boolean isExpired(long now) {
            return now - expiresAt >= 0;
        }
    }
}
