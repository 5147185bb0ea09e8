package dev.lindy.session;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Where sessions live between requests: the seam for other stores (Redis, a database). Every method may
 * answer later, so a networked store never blocks an event loop; a store in memory answers at once.
 *
 * <p>A store speaks in cookie values: it turns the value of the session cookie a request carried into
 * the session, and a session's changes into the cookie value to send. A store that keeps sessions itself
 * sends the session's id; a store that keeps nothing puts the whole session in the cookie.
 *
 * <p>Lindy loads the session before the handler runs, only when the request carries the session cookie,
 * and saves it just before the response leaves, only when the request changed it. A load or save that
 * fails answers the request with a 503.
 */
public interface SessionStore {
    /**
     * Finds the session a cookie value names.
     *
     * @param cookieValue the session cookie's value as the request sent it; anything a client can send
     * @return the session, or a stage of null when the value names none: unknown, expired, forged
     */
    CompletionStage<SessionData> load(String cookieValue);

    /**
     * Applies a request's changes to a session, creating it if it is new. A store that keeps sessions
     * applies them to what it holds now (so overlapping requests keep each other's writes to other keys);
     * a store that keeps nothing applies them to the values the request loaded.
     *
     * @param session the session as the request loaded it (its id, and no values if it is new)
     * @param changes what the request changed
     * @param idleTimeout how long the session lives without being used
     * @return the cookie value to send; null when the client's cookie is still right
     */
    CompletionStage<String> save(SessionData session, SessionChanges changes, Duration idleTimeout);

    /**
     * Forgets a session, as after a logout or when its id changes.
     *
     * @param id the session's id
     * @return completes when it is gone
     */
    CompletionStage<Void> delete(String id);

    /**
     * Tells whether a session must be saved whenever a request uses it, changed or not: true for a store
     * that keeps nothing, whose cookie carries the session's expiry.
     *
     * @return false unless the store says otherwise
     */
    default boolean refreshOnUse() {
        return false;
    }
}
