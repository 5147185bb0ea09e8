package dev.lindy.session;

import java.util.Map;

/**
 * The session of the request's client: values kept across its requests, reached with
 * {@code ctx.session()}. Safe from any thread, so a timer callback may read and write it; what it changes
 * before the response goes out is saved with the response.
 *
 * <p>A session is made only when something is put into it: a request that never writes to its session
 * sets no cookie. Values are plain data (strings, numbers, booleans, lists and maps of them) so that any
 * store can keep them; anything else is refused with an {@link IllegalArgumentException}.
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
     * @return the id; a new one after {@link #regenerate()}
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
     * Ends the session, as on logout: the store forgets it and the client's cookie is removed.
     */
    void invalidate();

    /**
     * Gives the session a new id and keeps its values: call it when the user logs in, so that an id an
     * attacker planted before the login (session fixation) is worth nothing after it.
     */
    void regenerate();
}
