package dev.lindy.redis;

import dev.lindy.redis.internal.RedisLink;
import dev.lindy.redis.internal.SessionHashes;
import dev.lindy.session.SessionChanges;
import dev.lindy.session.SessionData;
import dev.lindy.session.SessionStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sessions kept in Redis, so that every node of an app reads and writes the same ones: a session made on
 * one node is there on the next request, whichever node answers it. Each session is a Redis hash whose time
 * to live is the session's idle timeout, set again each time a request loads or saves it; Redis forgets a
 * session nobody used for that long. Keys begin with {@link RedisSettings#prefix()}.
 *
 * <p>An app chooses it with {@code lindy.session.store: redis} and a {@code redis:} section in its
 * configuration (Lindy then makes it when the app starts and closes it when the app stops), or in code:
 *
 * <pre>{@code
 * RedisSettings redis = RedisSettings.builder().uri(uri).prefix("shared:").build();
 * RedisSessionStore sessions = RedisSessionStore.connect(redis);
 * Settings settings = Settings.builder()
 *         .sessionStore(sessions)
 *         .build();
 * }</pre>
 *
 * <p>A store made in code belongs to that code: close it once the app has stopped.
 *
 * <p>It keeps the contract of {@link SessionStore}: a save applies the request's changes to what Redis holds
 * now, in one atomic step, and never makes again a session Redis no longer holds (deleted at a login or a
 * logout, or expired). Every call answers with a stage completed on the Redis client's threads and never
 * blocks. When Redis cannot be reached, or does not answer within {@link RedisSettings#timeout()}, the
 * stage fails with a {@link RedisUnavailableException} and the request gets a 503: never a new, empty
 * session in place of the client's. The client reconnects by itself, and sessions work again as soon as
 * Redis answers, with the sessions it kept (all of them, unless it restarted without its data).
 */
public final class RedisSessionStore implements SessionStore, AutoCloseable {
    private final RedisLink link;
    private final String prefix;

    private RedisSessionStore(RedisLink link) {
        this.link = link;
        this.prefix = link.settings().prefix();
    }

    /**
     * Connects to Redis and returns a store, waiting for the connection: call it while the app starts.
     *
     * @param settings where Redis is
     * @return the store; close it when the app has stopped
     * @throws IllegalStateException if Redis is unreachable, unless the settings allow starting degraded
     */
    public static RedisSessionStore connect(RedisSettings settings) {
        return new RedisSessionStore(RedisLink.open(settings, "sessions"));
    }

    @Override
    public CompletionStage<SessionData> load(String cookieValue) {
        if (!SessionHashes.isId(cookieValue)) {
            return CompletableFuture.completedFuture(null);
        }
        return SessionHashes.LOAD.<List<Object>>run(link, keys(cookieValue)).thenApply(fields -> {
            Map<String, Object> values = SessionHashes.values(fields);
            return values == null ? null : new SessionData(cookieValue, values);
        });
    }

    @Override
    public CompletionStage<String> create(SessionData session, String replaced, Duration idleTimeout) {
        // The old id goes first, in its own step: on a cluster the two keys may live on different nodes.
        CompletionStage<Void> forgotten = replaced == null ? CompletableFuture.completedFuture(null) : delete(replaced);
        return forgotten.thenCompose(v -> SessionHashes.CREATE.<Long>run(link, keys(session.id()),
                SessionHashes.createArgs(session.values(), idleTimeout))).thenApply(done -> session.id());
    }

    @Override
    public CompletionStage<String> save(SessionData session, SessionChanges changes, Duration idleTimeout) {
        return SessionHashes.SAVE.<Long>run(link, keys(session.id()), SessionHashes.saveArgs(changes, idleTimeout))
                .thenApply(kept -> null);
    }

    @Override
    public CompletionStage<Void> delete(String id) {
        return link.call(c -> c.del(SessionHashes.key(prefix, id))).thenApply(n -> null);
    }

    /** Closes the connection to Redis; later calls fail. */
    @Override
    public void close() {
        link.close();
    }

    private String[] keys(String id) {
        return new String[] {SessionHashes.key(prefix, id)};
    }
}
