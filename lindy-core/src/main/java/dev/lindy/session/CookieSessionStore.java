package dev.lindy.session;

import dev.lindy.session.internal.PlainData;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sessions kept in the client's cookie, encrypted and authenticated with AES-GCM under the app's secrets:
 * the server keeps nothing, so any node can read any session. The client can neither read nor change what
 * the cookie holds; a cookie changed, forged or made under an unknown secret reads as no session. The
 * newest secret encrypts, every one decrypts, so secrets rotate without logging anybody out.
 *
 * <p>The sealed cookie carries its expiry: the time it was sent plus the session's idle timeout
 * ({@link dev.lindy.Settings#sessionIdleTimeout()}). Each response that touches the session sends the cookie again with
 * a new expiry, which keeps a session in use alive; a cookie past its expiry reads as no session.
 *
 * <p>Because the server keeps nothing, it cannot revoke a cookie. {@link Session#invalidate()} and
 * {@link Session#regenerate()} remove or replace the client's cookie, but a copy of the old cookie, taken
 * before, still opens the old session until its sealed expiry, and each request that uses the copy earns it
 * a fresh cookie with a fresh expiry. Where a logout must end a session at once, everywhere, use a store
 * that keeps sessions ({@link MemorySessionStore}, or a shared one).
 *
 * <p>A cookie value holds {@value #MAX_COOKIE_BYTES} bytes at most: a session that would not fit is an
 * {@link IllegalStateException} when it is saved (the request gets a 500), never a cut-off cookie. Keep ids
 * in a session, not objects. Overlapping requests cannot merge their writes here: the cookie the browser
 * keeps is the last one sent, so a request that began before a login or a logout and ends after it sends
 * the session from before again. Every call answers at once.
 */
public final class CookieSessionStore implements SessionStore {
    /** The largest cookie value this store writes. */
    public static final int MAX_COOKIE_BYTES = 4000;

    private static final String PREFIX = "v1.";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] CONTEXT = "lindy-session-v1".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<SecretKeySpec> keys = new ArrayList<>();
    private final LongSupplier epochMillis;

    /**
     * Creates a store.
     *
     * @param secrets the app's secrets, newest first; at least one, and long and random
     */
    public CookieSessionStore(List<String> secrets) {
        this(secrets, System::currentTimeMillis);
    }

    /** Creates a store that reads the time, in milliseconds since the epoch, from a clock. */
    CookieSessionStore(List<String> secrets, LongSupplier epochMillis) {
        this.epochMillis = epochMillis;
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("the cookie session store needs at least one secret (Settings.secrets)");
        }
        for (String secret : secrets) {
            keys.add(new SecretKeySpec(derive(secret), "AES"));
        }
    }

    @Override
    public CompletionStage<SessionData> load(String cookieValue) {
        return CompletableFuture.completedFuture(open(cookieValue));
    }

    @Override
    public CompletionStage<String> create(SessionData session, String replaced, Duration idleTimeout) {
        return CompletableFuture.completedFuture(cookie(session.id(), session.values(), idleTimeout));
    }

    @Override
    public CompletionStage<String> save(SessionData session, SessionChanges changes, Duration idleTimeout) {
        return CompletableFuture.completedFuture(cookie(session.id(), changes.applyTo(session.values()), idleTimeout));
    }

    /** Keeps nothing, so forgets nothing: a copy of the session's cookie opens it until its expiry. */
    @Override
    public CompletionStage<Void> delete(String id) {
        return CompletableFuture.completedFuture(null);
    }

    /** Sessions live in the cookie only: send it again on each use, or it expires though in use. */
    @Override
    public boolean refreshOnUse() {
        return true;
    }

    private String cookie(String id, Map<String, Object> values, Duration idleTimeout) {
        Map<String, Object> sealed = new LinkedHashMap<>();
        sealed.put("id", id);
        sealed.put("exp", epochMillis.getAsLong() / 1000 + idleTimeout.getSeconds());
        sealed.put("v", values);
        String cookie = seal(PlainData.write(sealed));
        if (cookie.length() > MAX_COOKIE_BYTES) {
            throw new IllegalStateException("the session needs a " + cookie.length() + "-byte cookie; a cookie holds "
                    + MAX_COOKIE_BYTES + " at most: keep less in the session (ids, not objects) or use a store that keeps sessions");
        }
        return cookie;
    }

    private SessionData open(String cookieValue) {
        if (cookieValue == null || !cookieValue.startsWith(PREFIX)) {
            return null;
        }
        byte[] sealed;
        try {
            sealed = Base64.getUrlDecoder().decode(cookieValue.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (sealed.length <= IV_BYTES) {
            return null;
        }
        for (SecretKeySpec key : keys) {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
                cipher.updateAAD(CONTEXT);
                byte[] plain = cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
                return read(new String(plain, StandardCharsets.UTF_8));
            } catch (GeneralSecurityException wrongKeyOrForged) {
                // Try the next secret; none matching means no session.
            }
        }
        return null;
    }

    private SessionData read(String json) {
        try {
            Map<?, ?> sealed = (Map<?, ?>) PlainData.read(json);
            Object id = sealed.get("id");
            Object exp = sealed.get("exp");
            Object values = sealed.get("v");
            if (!(id instanceof String) || !(exp instanceof Long) || !(values instanceof Map)
                    || (Long) exp < epochMillis.getAsLong() / 1000) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> v = (Map<String, Object>) values;
            return new SessionData((String) id, v);
        } catch (IllegalArgumentException | ClassCastException e) {
            return null;
        }
    }

    private String seal(String json) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(0), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(CONTEXT);
            byte[] encrypted = cipher.doFinal(json.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(IV_BYTES + encrypted.length).put(iv).put(encrypted);
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    }

    private static byte[] derive(String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("lindy session key\0".getBytes(StandardCharsets.UTF_8));
            return sha.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
