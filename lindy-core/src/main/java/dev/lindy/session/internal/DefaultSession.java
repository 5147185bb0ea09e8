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
 *
 * <p>A regenerate or an invalidate gives the session a new id that the store does not hold yet; the save
 * then forgets the loaded id and begins the session anew under the new one, or, with no values left, only
 * forgets and removes the cookie.
 */
public final class DefaultSession implements Session {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String OWN_PREFIX = "lindy.";

    private final SessionStore store;
    private final SessionData loaded;
    private final Map<String, Object> values;
    private final SessionChanges changes = new SessionChanges();
    private String id;
    private boolean replaced;
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
        values.clear();
        newIdentity();
    }

    @Override
    public synchronized void regenerate() {
        open();
        values.keySet().removeIf(key -> key.startsWith(OWN_PREFIX));
        newIdentity();
    }

    private void newIdentity() {
        id = newId();
        replaced = loaded != null;
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
        synchronized (this) {
            if (saved) {
                return CompletableFuture.completedFuture(null);
            }
            saved = true;
        }
        // Every change checks saved under the monitor first, so from here the fields no longer move.
        if (!replaced && loaded != null) {
            if (changes.isEmpty() && !store.refreshOnUse()) {
                return CompletableFuture.completedFuture(null);
            }
            return store.save(loaded, changes, idleTimeout);
        }
        String forgotten = replaced ? loaded.id() : null;
        if (values.isEmpty()) {
            // Nothing to keep: forget the loaded session, if any, and make no new one.
            return forgotten == null ? CompletableFuture.completedFuture(null) : store.delete(forgotten).thenApply(v -> "");
        }
        return store.create(new SessionData(id, values), forgotten, idleTimeout);
    }
}
