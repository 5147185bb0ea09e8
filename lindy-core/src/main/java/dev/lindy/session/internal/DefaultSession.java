package dev.lindy.session.internal;

import dev.lindy.session.Session;
import dev.lindy.session.SessionChanges;
import dev.lindy.session.SessionData;
import dev.lindy.session.SessionStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One request's session: what the store loaded, what the request changed, and the one save that happens
 * when the response goes out. Guarded by its monitor, so any thread may use it.
 */
public final class DefaultSession implements Session {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionStore store;
    private final SessionData loaded;
    private final Map<String, Object> values;
    private SessionChanges changes = new SessionChanges();
    private String id;
    private String replacedId;
    private boolean invalidated;
    private boolean saved;

    /**
     * Wraps a request's session.
     *
     * @param store where it lives
     * @param loaded what the store found for the request's cookie, or null to begin a new session
     */
    public DefaultSession(SessionStore store, SessionData loaded) {
        this.store = store;
        this.loaded = loaded;
        this.values = loaded == null ? new LinkedHashMap<>() : new LinkedHashMap<>(loaded.values());
        this.id = loaded == null ? newId() : loaded.id();
    }

    /**
     * Returns a new session id: 128 bits from a {@link SecureRandom}, Base64url.
     *
     * @return the id
     */
    public static String newId() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    @Override
    public synchronized String id() {
        return id;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> T get(String key) {
        return (T) values.get(key);
    }

    @Override
    public synchronized Session put(String key, Object value) {
        if (value == null) {
            return remove(key);
        }
        Object plain = PlainData.check(key, value);
        open();
        values.put(key, plain);
        changes.put(key, plain);
        return this;
    }

    @Override
    public synchronized Session remove(String key) {
        open();
        values.remove(key);
        changes.remove(key);
        return this;
    }

    @Override
    public synchronized Session clear() {
        open();
        values.clear();
        changes.clear();
        return this;
    }

    @Override
    public synchronized Map<String, Object> values() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    @Override
    public synchronized boolean isNew() {
        return loaded == null;
    }

    @Override
    public synchronized void invalidate() {
        open();
        invalidated = true;
        values.clear();
        changes = new SessionChanges();
    }

    @Override
    public synchronized void regenerate() {
        open();
        if (replacedId == null && loaded != null) {
            replacedId = loaded.id();
        }
        id = newId();
        invalidated = false;
    }

    private void open() {
        if (saved) {
            throw new IllegalStateException("the session was saved when the response went out; it can no longer change");
        }
    }

    /**
     * Saves what the request did, once, as the response goes out.
     *
     * @param idleTimeout how long the session lives unused
     * @return the session cookie's new value: null to leave the client's cookie alone, empty to remove it
     */
    public CompletionStage<String> save(Duration idleTimeout) {
        SessionChanges toSave;
        SessionData base;
        String oldId;
        synchronized (this) {
            if (saved) {
                return CompletableFuture.completedFuture(null);
            }
            saved = true;
            if (invalidated) {
                if (loaded == null) {
                    return CompletableFuture.completedFuture(null);
                }
                return store.delete(loaded.id()).thenApply(v -> "");
            }
            oldId = replacedId;
            if (oldId != null || (loaded == null && !changes.isEmpty())) {
                // A new id, or a new session: the store gets every value under the id the client will hold.
                toSave = new SessionChanges();
                values.forEach(toSave::put);
                base = new SessionData(id, Map.of());
            } else if (!changes.isEmpty() || (loaded != null && store.refreshOnUse())) {
                toSave = changes;
                base = loaded;
            } else {
                return CompletableFuture.completedFuture(null);
            }
            if (oldId != null && values.isEmpty() && changes.isEmpty()) {
                // A regenerated session with nothing in it: forget the old one, make no new one.
                return store.delete(oldId).thenApply(v -> "");
            }
        }
        CompletionStage<Void> forgotten = oldId == null ? CompletableFuture.completedFuture(null) : store.delete(oldId);
        String newId = base.id();
        return forgotten.thenCompose(v -> store.save(base, toSave, idleTimeout))
                .thenApply(cookie -> cookie == null && oldId != null ? newId : cookie);
    }
}
