package dev.lindy.session;

import java.util.Map;

/**
 * The session of the request's client: values kept across its requests, reached with
 * {@code ctx.session()}. Safe from any thread, so a timer callback may read and write it; what it changes
 * before the response goes out is saved with the response.
 *
 * <p>A session is made only when something is put into it: a request that never writes to its session
 * sets no cookie. Values are plain data (strings, numbers, booleans, lists and maps of them) so that any
 * store can keep them; anything else is refused with an {@link IllegalArgumentException}. Keys that begin
 * with {@code lindy.} are Lindy's own (the CSRF token is one): they belong to the session's id and
 * do not outlive it.
 *
 * <pre>{@code
 * app.post("/login", ctx -> {
 *     ctx.session().regenerate();
 *     ctx.session().put("user", ctx.param("name"));
 *     return ctx.redirect("/");
 * });
 * }</pre>
 *
 * <p>Two overlapping requests of one session keep each other's writes to different keys (with a store that
 * keeps sessions, as the memory store does); for the same key the response that leaves last wins.
 */
public interface Session {
    /**
     * Returns the session's id: 128 random bits, Base64url.
     *
     * @return the id; a new one after {@link #regenerate()} or {@link #invalidate()}
     */
    String id();

    /**
     * Returns a value.
     *
     * @param key the key
     * @param <T> the expected type: String, Long, Double, Boolean, List or Map
     * @return the value, or null
     */
    <T> T get(String key);

    /**
     * Stores a value; null removes the key.
     *
     * @param key the key
     * @param value plain data
     * @return this session
     * @throws IllegalArgumentException if the value is not plain data
     * @throws IllegalStateException if the response has already gone out
     */
    Session put(String key, Object value);

    /**
     * Removes a value.
     *
     * @param key the key
     * @return this session
     */
    Session remove(String key);

    /**
     * Removes every value, keeping the session and its id.
     *
     * @return this session
     */
    Session clear();

    /**
     * Returns every value.
     *
     * @return an unmodifiable snapshot
     */
    Map<String, Object> values();

    /**
     * Tells whether the session began with this request.
     *
     * @return true if the client brought no valid session
     */
    boolean isNew();

    /**
     * Ends the session, as on logout: its values are dropped and, when the response goes out, the store
     * forgets it and the client's cookie is removed. A value put afterwards in the same request begins a new
     * session, under a new id and with only the new values, and the response sets its cookie instead.
     *
     * <p>A store that keeps sessions (such as {@link MemorySessionStore}) forgets at once, and no copy of the
     * old cookie opens the session again. A store that keeps nothing ({@link CookieSessionStore}) cannot revoke
     * a cookie: a copy taken before the logout still opens the session until the expiry sealed in it (the
     * idle timeout after it was last sent). Use a store that keeps sessions where a logout must end the session
     * at once.
     */
    void invalidate();

    /**
     * Gives the session a new id and keeps its values, except Lindy's own: call it when the user logs in, so
     * that an id an attacker planted before the login (session fixation) is worth nothing after it. The store
     * forgets the old id when the response goes out; with a store that keeps sessions, a request still running
     * under the old id saves nothing and sends no cookie.
     *
     * <p>Values whose keys begin with {@code lindy.} belong to the old id and are dropped: a CSRF token taken
     * from a page before the login is refused after it, and the next page makes a new one.
     */
    void regenerate();
}
