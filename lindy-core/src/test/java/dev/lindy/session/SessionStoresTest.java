package dev.lindy.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.session.internal.DefaultSession;
import dev.lindy.session.internal.PlainData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The two stores in core, and the plain data a session holds. */
class SessionStoresTest {
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final String SECRET = "0123456789abcdef0123456789abcdef-one";

    private static SessionChanges put(String key, Object value) {
        SessionChanges c = new SessionChanges();
        c.put(key, value);
        return c;
    }

    private static String create(SessionStore store, String id, Map<String, Object> values) throws Exception {
        return store.create(new SessionData(id, values), null, IDLE).toCompletableFuture().get();
    }

    private static SessionData load(SessionStore store, String cookie) throws Exception {
        return store.load(cookie).toCompletableFuture().get();
    }

    @Test
    void theMemoryStoreStaysBoundedUnderAMillionDistinctSessions() {
        MemorySessionStore store = new MemorySessionStore(10_000);
        for (int i = 0; i < 1_000_000; i++) {
            store.create(new SessionData(DefaultSession.newId(), Map.of("n", (long) i)), null, IDLE);
        }
        assertEquals(10_000, store.size());
    }

    @Test
    void theMemoryStoreForgetsAnIdleSession() throws Exception {
        AtomicLong nanos = new AtomicLong();
        MemorySessionStore store = new MemorySessionStore(10, nanos::get);
        store.create(new SessionData("a", Map.of("n", 1L)), null, Duration.ofSeconds(10));
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        assertEquals(Map.of("n", 1L), load(store, "a").values(), "a session in use was forgotten");
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        assertEquals(Map.of("n", 1L), load(store, "a").values(), "a load did not keep the session alive");
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        assertNull(load(store, "a"));
        assertEquals(0, store.size());
        assertNull(load(store, "never-made"));
    }

    @Test
    void theMemoryStoreSweepsIdleSessionsBeforeEvictingLiveOnes() throws Exception {
        AtomicLong nanos = new AtomicLong();
        MemorySessionStore store = new MemorySessionStore(3, nanos::get);
        create(store, "idle", Map.of("n", 1L));
        create(store, "live", Map.of("n", 2L));
        nanos.addAndGet(Duration.ofMinutes(20).toNanos());
        load(store, "live");
        nanos.addAndGet(Duration.ofMinutes(20).toNanos());
        create(store, "new", Map.of("n", 3L));
        assertEquals(2, store.size());
        assertNull(load(store, "idle"));
        assertEquals(Map.of("n", 2L), load(store, "live").values());
    }

    @Test
    void theMemoryStoreMergesChangesToDifferentKeys() throws Exception {
        MemorySessionStore store = new MemorySessionStore(10);
        assertEquals("s", create(store, "s", Map.of("start", true)));
        SessionData loaded = load(store, "s");
        assertNull(store.save(loaded, put("a", "a"), IDLE).toCompletableFuture().get());
        assertNull(store.save(loaded, put("b", "b"), IDLE).toCompletableFuture().get());
        assertEquals(Map.of("start", true, "a", "a", "b", "b"), store.load("s").toCompletableFuture().get().values());
    }

    @Test
    void aSaveNeverBringsBackASessionTheMemoryStoreForgot() throws Exception {
        AtomicLong nanos = new AtomicLong();
        MemorySessionStore store = new MemorySessionStore(10, nanos::get);
        create(store, "planted", Map.of("cart", "tea"));
        SessionData slow = load(store, "planted");
        assertEquals("fresh", store.create(new SessionData("fresh", Map.of("user", "ann")), "planted", IDLE)
                .toCompletableFuture().get());
        assertNull(store.save(slow, put("cart", "milk"), IDLE).toCompletableFuture().get(), "a cookie was sent");
        assertNull(load(store, "planted"), "the regenerated id came back");
        assertEquals(Map.of("user", "ann"), load(store, "fresh").values());

        create(store, "out", Map.of("user", "bob"));
        SessionData late = load(store, "out");
        store.delete("out");
        assertNull(store.save(late, put("n", 1L), IDLE).toCompletableFuture().get());
        assertNull(load(store, "out"), "an invalidated session came back");

        MemorySessionStore one = new MemorySessionStore(1);
        create(one, "evicted", Map.of());
        SessionData evicted = load(one, "evicted");
        create(one, "next", Map.of());
        assertNull(one.save(evicted, put("n", 1L), IDLE).toCompletableFuture().get());
        assertNull(load(one, "evicted"), "an evicted session came back");
        assertEquals(1, one.size());

        create(store, "expired", Map.of());
        SessionData expired = load(store, "expired");
        nanos.addAndGet(IDLE.toNanos());
        assertNull(store.save(expired, put("n", 1L), IDLE).toCompletableFuture().get());
        assertNull(load(store, "expired"), "an expired session came back");
    }

    @Test
    void aFloodOfOneShotSessionsLeavesSessionsInUseAlone() throws Exception {
        MemorySessionStore store = new MemorySessionStore(50);
        create(store, "returning", Map.of("user", "ann"));
        load(store, "returning");
        create(store, "before-login", Map.of("lindy.csrf", "t"));
        load(store, "before-login");
        store.create(new SessionData("logged-in", Map.of("user", "bob")), "before-login", IDLE);
        create(store, "never-back", Map.of("n", 0L));
        for (int i = 0; i < 500; i++) {
            create(store, "one-shot-" + i, Map.of("lindy.csrf", "t" + i));
            assertTrue(store.size() <= 50, "the store grew past its bound");
        }
        assertEquals(Map.of("user", "ann"), load(store, "returning").values(), "a session in use was evicted");
        assertEquals(Map.of("user", "bob"), load(store, "logged-in").values(), "a regenerated session lost its standing");
        assertNull(load(store, "never-back"), "a session nobody came back to outlived the flood");
        assertEquals(50, store.size());
    }

    @Test
    void sessionsThatComeBackStillCompeteForTheStore() throws Exception {
        MemorySessionStore store = new MemorySessionStore(10);
        for (int i = 0; i < 30; i++) {
            create(store, "s" + i, Map.of());
            load(store, "s" + i);
            assertTrue(store.size() <= 10, "the store grew past its bound");
        }
        assertNull(load(store, "s0"), "the least recently used session stayed in a full store");
        assertEquals(Map.of(), load(store, "s29").values());
        assertEquals(10, store.size());
    }

    @Test
    void theCookieStoreSealsOpensAndRefusesWhatItDidNotSeal() throws Exception {
        CookieSessionStore store = new CookieSessionStore(List.of(SECRET));
        String cookie = store.save(new SessionData("id1", Map.of("user", "ann")), put("n", 2L), IDLE).toCompletableFuture().get();
        SessionData opened = store.load(cookie).toCompletableFuture().get();
        assertEquals("id1", opened.id());
        assertEquals(Map.of("user", "ann", "n", 2L), opened.values());
        for (String forged : new String[] {"v1.AAAA", "v1.!!!", "plain", "", cookie.substring(0, cookie.length() - 2) + "xx"}) {
            assertNull(store.load(forged).toCompletableFuture().get(), forged);
        }
        CookieSessionStore other = new CookieSessionStore(List.of("another-secret-another-secret-0000000"));
        assertNull(other.load(cookie).toCompletableFuture().get());
        CookieSessionStore rotated = new CookieSessionStore(List.of("the-newest-secret-the-newest-secret-00", SECRET));
        assertEquals("ann", rotated.load(cookie).toCompletableFuture().get().values().get("user"));
    }

    @Test
    void theCookieStoreRefusesASessionTooLargeForACookie() {
        CookieSessionStore store = new CookieSessionStore(List.of(SECRET));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> store.save(new SessionData("id", Map.of()), put("blob", "x".repeat(4000)), IDLE));
        assertTrue(e.getMessage().contains("4000"), e.getMessage());
    }

    @Test
    void theCookieStoreExpiresASessionPastItsIdleTimeout() throws Exception {
        AtomicLong millis = new AtomicLong(1_700_000_000_000L);
        CookieSessionStore store = new CookieSessionStore(List.of(SECRET), millis::get);
        String cookie = create(store, "id", Map.of("n", 1L));
        millis.addAndGet(IDLE.toMillis());
        assertEquals(Map.of("n", 1L), load(store, cookie).values(), "a cookie within its idle timeout was refused");
        String refreshed = store.save(load(store, cookie), new SessionChanges(), IDLE).toCompletableFuture().get();
        millis.addAndGet(1000);
        assertNull(load(store, cookie), "a cookie past its idle timeout opened");
        assertEquals(Map.of("n", 1L), load(store, refreshed).values(), "a cookie sent again did not get a new expiry");
    }

    @Test
    void aCopiedCookieOutlivesAnInvalidateOnlyUntilItsExpiry() throws Exception {
        AtomicLong millis = new AtomicLong(1_700_000_000_000L);
        CookieSessionStore store = new CookieSessionStore(List.of(SECRET), millis::get);
        DefaultSession login = new DefaultSession(store, null);
        login.put("user", "ann");
        String copied = login.save(IDLE).toCompletableFuture().get();
        DefaultSession logout = new DefaultSession(store, load(store, copied));
        logout.invalidate();
        assertEquals("", logout.save(IDLE).toCompletableFuture().get());
        millis.addAndGet(IDLE.toMillis() / 2);
        assertEquals("ann", load(store, copied).values().get("user"), "the cookie store claims to revoke");
        millis.addAndGet(IDLE.toMillis() / 2 + 1000);
        assertNull(load(store, copied), "a replayed cookie outlived its expiry");
    }

    @Test
    void plainDataRoundTripsAndAnythingElseIsRefused() {
        Object value = PlainData.check("k", Map.of("s", "é\"\n", "l", List.of(1, 2.5, true), "m", Map.of("x", -3)));
        assertEquals(value, PlainData.read(PlainData.write(value)));
        assertEquals(3.0, PlainData.read(PlainData.write(3.0)));
        assertThrows(IllegalArgumentException.class, () -> PlainData.check("k", new Object()));
        assertThrows(IllegalArgumentException.class, () -> PlainData.check("k", Map.of(1, "x")));
        assertThrows(IllegalArgumentException.class, () -> PlainData.read("{\"a\":"));
    }

    @Test
    void aSessionSavesOnlyWhatChangedAndOnce() throws Exception {
        MemorySessionStore store = new MemorySessionStore(10);
        DefaultSession untouched = new DefaultSession(store, null);
        assertNull(untouched.save(IDLE).toCompletableFuture().get());
        assertEquals(0, store.size());
        DefaultSession written = new DefaultSession(store, null);
        written.put("a", 1);
        String cookie = written.save(IDLE).toCompletableFuture().get();
        assertEquals(written.id(), cookie);
        assertThrows(IllegalStateException.class, () -> written.put("late", 1));
        assertNull(written.save(IDLE).toCompletableFuture().get(), "a second save did something");
        DefaultSession loaded = new DefaultSession(store, store.load(cookie).toCompletableFuture().get());
        loaded.get("a");
        assertNull(loaded.save(IDLE).toCompletableFuture().get(), "an unchanged session sent its cookie again");
    }
}
