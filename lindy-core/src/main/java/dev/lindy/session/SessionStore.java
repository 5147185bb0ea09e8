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
 *
 * <p>Lindy makes the ids; a store that keeps sessions remembers them, and a session it no longer holds
 * stays gone. A session begins only through {@link #create}, under an id Lindy has just drawn; {@link #save}
 * only changes a session the store still holds. So a request that loaded a session which was deleted
 * (regenerated at a login, invalidated at a logout), expired or evicted before that request saved drops its
 * changes and sets no cookie: a slow request that began before a login cannot bring back the id from before
 * it (which an attacker may have planted) nor send that id to the client again, and one that began before a
 * logout cannot bring back the session. A store that keeps nothing cannot tell a forgotten session from a
 * live one; {@link CookieSessionStore} says what that means.
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
     * Begins a session: a new one, or one that takes over from another under a new id.
     *
     * @param session the session: an id Lindy has just drawn, never sent to a client before, and its values
     * @param replaced the id of the session this one takes over from (after a regenerate, or a write after an
     *     invalidate), which the store forgets in the same step; null for a session begun by this request
     * @param idleTimeout how long the session lives without being used
     * @return the cookie value to send
     */
    CompletionStage<String> create(SessionData session, String replaced, Duration idleTimeout);

    /**
     * Applies a request's changes to a session the request loaded. A store that keeps sessions applies them
     * to what it holds now, so overlapping requests keep each other's writes to other keys; when it no
     * longer holds the session (deleted, expired or evicted since the request loaded it) it must not make it
     * again: it drops the changes and answers null, leaving alone a cookie that may already name the session
     * that took over. A store that keeps nothing applies the changes to the values the request loaded.
     *
     * @param session the session as the request loaded it
     * @param changes what the request changed
     * @param idleTimeout how long the session lives without being used
     * @return the cookie value to send; null to leave the client's cookie alone
     */
    CompletionStage<String> save(SessionData session, SessionChanges changes, Duration idleTimeout);

    /**
     * Forgets a session, as after a logout. A store that keeps sessions answers loads and saves of it from
     * then on as if it never was.
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
