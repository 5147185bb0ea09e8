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

    @Test
    void theMemoryStoreStaysBoundedUnderAMillionDistinctSessions() {
        MemorySessionStore store = new MemorySessionStore(10_000);
        for (int i = 0; i < 1_000_000; i++) {
            store.save(new SessionData(DefaultSession.newId(), Map.of()), put("n", (long) i), IDLE);
        }
        assertEquals(10_000, store.size());
    }

    @Test
    void theMemoryStoreForgetsAnIdleSession() throws Exception {
        MemorySessionStore store = new MemorySessionStore(10);
        store.save(new SessionData("a", Map.of()), put("n", 1L), Duration.ofMillis(200));
        assertEquals(Map.of("n", 1L), store.load("a").toCompletableFuture().get().values());
        Thread.sleep(400);
        assertNull(store.load("a").toCompletableFuture().get());
        assertNull(store.load("never-made").toCompletableFuture().get());
    }

    @Test
    void theMemoryStoreMergesChangesToDifferentKeys() throws Exception {
        MemorySessionStore store = new MemorySessionStore(10);
        SessionData s = new SessionData("s", Map.of());
        assertEquals("s", store.save(s, put("start", true), IDLE).toCompletableFuture().get());
        SessionData loaded = store.load("s").toCompletableFuture().get();
        assertNull(store.save(loaded, put("a", "a"), IDLE).toCompletableFuture().get());
        assertNull(store.save(loaded, put("b", "b"), IDLE).toCompletableFuture().get());
        assertEquals(Map.of("start", true, "a", "a", "b", "b"), store.load("s").toCompletableFuture().get().values());
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
        CookieSessionStore store = new CookieSessionStore(List.of(SECRET));
        String cookie = store.save(new SessionData("id", Map.of()), put("n", 1L), Duration.ofSeconds(-1))
                .toCompletableFuture().get();
        assertNull(store.load(cookie).toCompletableFuture().get());
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
