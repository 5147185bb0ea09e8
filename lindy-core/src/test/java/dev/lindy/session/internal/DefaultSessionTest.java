package dev.lindy.session.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lindy.session.MemorySessionStore;
import dev.lindy.session.SessionData;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A request's session: regenerate, invalidate, and the save that happens as the response goes out. */
class DefaultSessionTest {
    private static final Duration IDLE = Duration.ofMinutes(30);

    private final MemorySessionStore store = new MemorySessionStore(100);

    private String begin(Map<String, Object> values) throws Exception {
        DefaultSession s = new DefaultSession(store, null);
        values.forEach(s::put);
        return s.save(IDLE).toCompletableFuture().get();
    }

    private DefaultSession request(String cookie) throws Exception {
        return new DefaultSession(store, store.load(cookie).toCompletableFuture().get());
    }

    private SessionData stored(String id) throws Exception {
        return store.load(id).toCompletableFuture().get();
    }

    @Test
    void regenerateDropsLindysOwnValuesAndKeepsTheRest() throws Exception {
        String before = begin(Map.of("cart", "tea", "lindy.csrf", "old-token", "lindy.other", 1L, "lindyish", true));
        DefaultSession login = request(before);
        login.regenerate();
        assertNull(login.get("lindy.csrf"), "the CSRF token outlived the regenerate");
        assertEquals(Map.of("cart", "tea", "lindyish", true), login.values());
        login.put("lindy.csrf", "new-token");
        login.put("user", "ann");
        String after = login.save(IDLE).toCompletableFuture().get();
        assertEquals(login.id(), after);
        assertNotEquals(before, after);
        assertNull(stored(before), "the id from before the login still names a session");
        assertEquals(Map.of("cart", "tea", "lindyish", true, "lindy.csrf", "new-token", "user", "ann"), stored(after).values());
    }

    @Test
    void aPutAfterInvalidateBeginsANewSessionWithOnlyTheNewValues() throws Exception {
        String ann = begin(Map.of("user", "ann", "cart", "tea"));
        DefaultSession switchUser = request(ann);
        switchUser.invalidate();
        switchUser.put("user", "bob");
        String bob = switchUser.save(IDLE).toCompletableFuture().get();
        assertEquals(switchUser.id(), bob);
        assertNotEquals(ann, bob);
        assertNull(stored(ann), "the invalidated session is still there");
        assertEquals(Map.of("user", "bob"), stored(bob).values());
    }

    @Test
    void invalidateAloneForgetsTheSessionAndRemovesTheCookie() throws Exception {
        String ann = begin(Map.of("user", "ann"));
        DefaultSession logout = request(ann);
        logout.invalidate();
        assertEquals(Map.of(), logout.values());
        assertEquals("", logout.save(IDLE).toCompletableFuture().get());
        assertNull(stored(ann));

        DefaultSession fresh = new DefaultSession(store, null);
        fresh.put("n", 1L);
        fresh.invalidate();
        assertNull(fresh.save(IDLE).toCompletableFuture().get(), "a session ended in its first request was made");
        assertEquals(0, store.size());
    }

    @Test
    void aRequestThatLoadedASessionBeforeALoginSavesNothing() throws Exception {
        String planted = begin(Map.of("cart", "tea"));
        DefaultSession slow = request(planted);
        DefaultSession login = request(planted);
        login.regenerate();
        login.put("user", "ann");
        String after = login.save(IDLE).toCompletableFuture().get();
        slow.put("cart", "milk");
        assertNull(slow.save(IDLE).toCompletableFuture().get(), "the slow request sent a cookie");
        assertNull(stored(planted), "the slow request brought the planted id back");
        assertEquals(Map.of("cart", "tea", "user", "ann"), stored(after).values());
    }

    @Test
    void aRequestThatLoadedASessionBeforeALogoutSavesNothing() throws Exception {
        String ann = begin(Map.of("user", "ann"));
        DefaultSession slow = request(ann);
        DefaultSession logout = request(ann);
        logout.invalidate();
        logout.save(IDLE).toCompletableFuture().get();
        slow.put("seen", true);
        assertNull(slow.save(IDLE).toCompletableFuture().get());
        assertNull(stored(ann), "the slow request brought the logged-out session back");
        assertEquals(0, store.size());
    }
}
