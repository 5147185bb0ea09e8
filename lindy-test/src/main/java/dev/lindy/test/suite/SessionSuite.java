package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.Settings;
import dev.lindy.csrf.Csrf;
import dev.lindy.session.CookieSessionStore;
import dev.lindy.test.PendingResponse;
import dev.lindy.test.TestClient;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sessions: written from a timer and saved with the response, made only when written, regenerated
 * against fixation (Lindy's own values such as the CSRF token dropped, a slow request from before unable
 * to bring the old id back), invalidated and begun anew, merged across overlapping requests, kept in use
 * through a flood of one-shot sessions, in memory and in a sealed cookie.
 */
public abstract class SessionSuite extends HostedSuite {
    private static final String SECRET = "a-session-secret-a-session-secret-0123";

    /** Creates the suite; a subclass names the host it runs on. */
    protected SessionSuite() {
    }

    private static App counter(Settings settings) {
        App app = Lindy.app(settings);
        app.async(GET, "/count", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> {
                Long n = ctx.session().get("n");
                long next = n == null ? 1 : n + 1;
                ctx.session().put("n", next);
                respond.send("n=" + next);
            });
        });
        app.get("/peek", ctx -> "peek");
        return app;
    }

    @Test
    void aValuePutFromATimerIsSavedWithTheResponse() {
        TestHost host = serve(counter(Settings.defaults()));
        TestClient client = host.client();
        assertEquals("n=1", elapse(host, client.get("/count"), Duration.ofMillis(10)).text());
        assertEquals("n=2", elapse(host, client.get("/count"), Duration.ofMillis(10)).text());
        assertEquals("n=1", elapse(host, host.newClient().get("/count"), Duration.ofMillis(10)).text());
    }

    @Test
    void theSessionCookieIsHttpOnlyAndLaxAndOnlySetWhenSomethingIsWritten() {
        App app = counter(Settings.defaults());
        app.get("/read", ctx -> "n=" + ctx.session().get("n"));
        TestHost host = serve(app);
        assertTrue(host.client().get("/peek").send().headers().all("Set-Cookie").isEmpty());
        assertTrue(host.client().get("/read").send().headers().all("Set-Cookie").isEmpty(), "reading made a session");
        TestResponse r = elapse(host, host.client().get("/count"), Duration.ofMillis(10));
        String cookie = r.header("Set-Cookie");
        assertTrue(cookie.startsWith("lindy.session="), cookie);
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), cookie);
        String id = cookie.substring("lindy.session=".length(), cookie.indexOf(';'));
        assertTrue(id.length() >= 22, "a session id of " + id.length() + " characters is too short");
        assertTrue(elapse(host, host.client().get("/count"), Duration.ofMillis(10)).headers().all("Set-Cookie").isEmpty(),
                "an unchanged id was sent again");
    }

    @Test
    void regenerateGivesANewIdAndKeepsTheValues() {
        App app = Lindy.app();
        app.get("/visit", ctx -> {
            ctx.session().put("cart", List.of("tea"));
            return "visited";
        });
        app.async(GET, "/login", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> {
                ctx.session().regenerate();
                ctx.session().put("user", "ann");
                respond.send("logged in");
            });
        });
        app.get("/me", ctx -> ctx.session().get("user") + " " + ctx.session().get("cart"));
        TestHost host = serve(app);
        TestClient client = host.client();
        client.get("/visit").send();
        String planted = client.cookies().get("lindy.session");
        elapse(host, client.get("/login"), Duration.ofMillis(10));
        String after = client.cookies().get("lindy.session");
        assertNotEquals(planted, after);
        assertEquals("ann [tea]", client.get("/me").send().text());
        assertEquals("null null", host.newClient().get("/me").header("Cookie", "lindy.session=" + planted).send().text(),
                "the id from before the login still works");
    }

    @Test
    void aSlowRequestFromBeforeTheLoginCannotBringThePlantedIdBack() throws Exception {
        CountDownLatch slowIn = new CountDownLatch(1);
        CountDownLatch loggedIn = new CountDownLatch(1);
        App app = Lindy.app();
        app.get("/visit", ctx -> {
            ctx.session().put("cart", "tea");
            return "visited";
        });
        app.get("/slow", ctx -> {
            slowIn.countDown();
            loggedIn.await(10, TimeUnit.SECONDS);
            ctx.session().put("cart", "milk");
            return "slow";
        });
        app.get("/login", ctx -> {
            ctx.session().regenerate();
            ctx.session().put("user", "ann");
            return "logged in";
        });
        app.get("/me", ctx -> ctx.session().get("user") + " " + ctx.session().get("cart"));
        TestHost host = serve(app);
        TestClient client = host.client();
        client.get("/visit").send();
        String planted = client.cookies().get("lindy.session");
        PendingResponse slow = client.get("/slow").sendAsync();
        assertTrue(slowIn.await(10, TimeUnit.SECONDS), "the slow request never began");
        client.get("/login").send();
        String after = client.cookies().get("lindy.session");
        loggedIn.countDown();
        TestResponse late = slow.await();
        assertEquals("slow", late.text());
        assertTrue(late.headers().all("Set-Cookie").isEmpty(), "the late save sent " + late.headers().all("Set-Cookie"));
        assertEquals(after, client.cookies().get("lindy.session"));
        assertNotEquals(planted, after);
        assertEquals("ann tea", client.get("/me").send().text());
        assertEquals("null null", host.newClient().get("/me").header("Cookie", "lindy.session=" + planted).send().text(),
                "the planted id came back");
    }

    @Test
    void aCsrfTokenFromBeforeTheLoginIsRefusedAfterItAndANewOneIsMade() {
        App app = Lindy.app();
        app.register(Csrf.create());
        app.get("/form", ctx -> ctx.with(Csrf.class).token());
        app.post("/login", ctx -> {
            ctx.session().regenerate();
            ctx.session().put("user", "ann");
            return "logged in";
        });
        app.post("/post", ctx -> "posted as " + ctx.session().get("user"));
        TestHost host = serve(app);
        TestClient client = host.client();
        String before = client.get("/form").send().text();
        assertEquals("logged in", client.post("/login").form("_csrf", before).send().text());
        assertEquals(403, client.post("/post").form("_csrf", before).send().status(), "the token from before the login worked");
        String after = client.get("/form").send().text();
        assertNotEquals(before, after);
        assertEquals("posted as ann", client.post("/post").form("_csrf", after).send().text());
    }

    @Test
    void aFloodOfOneShotSessionsDoesNotLogOutASessionInUse() {
        App app = Lindy.app(Settings.builder().maxSessions(50).build());
        app.register(Csrf.create());
        app.get("/", ctx -> ctx.with(Csrf.class).token());
        app.post("/login", ctx -> {
            ctx.session().regenerate();
            ctx.session().put("user", "ann");
            return "logged in";
        });
        app.get("/me", ctx -> "user=" + ctx.session().get("user"));
        TestHost host = serve(app);
        TestClient client = host.client();
        String token = client.get("/").send().text();
        assertEquals("logged in", client.post("/login").form("_csrf", token).send().text());
        for (int i = 0; i < 60; i++) {
            assertEquals(200, host.newClient().get("/").send().status());
        }
        assertEquals("user=ann", client.get("/me").send().text());
    }

    @Test
    void aValuePutAfterInvalidateBeginsANewSessionWithItsOwnCookie() {
        App app = Lindy.app();
        app.get("/login/:name", ctx -> {
            ctx.session().put("user", ctx.param("name"));
            ctx.session().put("cart", "tea");
            return "in";
        });
        app.async(GET, "/switch", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> {
                ctx.session().invalidate();
                ctx.session().put("user", "bob");
                respond.send("switched");
            });
        });
        app.get("/me", ctx -> ctx.session().get("user") + " " + ctx.session().get("cart"));
        TestHost host = serve(app);
        TestClient client = host.client();
        client.get("/login/ann").send();
        String ann = client.cookies().get("lindy.session");
        TestResponse switched = elapse(host, client.get("/switch"), Duration.ofMillis(10));
        List<String> setCookies = switched.headers().all("Set-Cookie");
        assertEquals(1, setCookies.size(), setCookies.toString());
        assertFalse(setCookies.get(0).contains("Max-Age=0"), setCookies.get(0));
        String bob = client.cookies().get("lindy.session");
        assertNotEquals(ann, bob);
        assertEquals("bob null", client.get("/me").send().text());
        assertEquals("null null", host.newClient().get("/me").header("Cookie", "lindy.session=" + ann).send().text(),
                "the invalidated session is still there");
    }

    @Test
    void invalidateForgetsTheSessionAndRemovesTheCookie() {
        App app = counter(Settings.defaults());
        app.async(GET, "/logout", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> {
                ctx.session().invalidate();
                respond.send("bye");
            });
        });
        TestHost host = serve(app);
        TestClient client = host.client();
        elapse(host, client.get("/count"), Duration.ofMillis(10));
        String id = client.cookies().get("lindy.session");
        TestResponse bye = elapse(host, client.get("/logout"), Duration.ofMillis(10));
        assertTrue(bye.header("Set-Cookie").contains("Max-Age=0"), bye.header("Set-Cookie"));
        assertFalse(client.cookies().containsKey("lindy.session"));
        assertEquals("n=1", elapse(host, host.newClient().get("/count").header("Cookie", "lindy.session=" + id),
                Duration.ofMillis(10)).text());
    }

    @Test
    void overlappingRequestsKeepEachOthersWritesToDifferentKeys() throws Exception {
        CountDownLatch bothIn = new CountDownLatch(2);
        App app = Lindy.app();
        app.get("/start", ctx -> {
            ctx.session().put("start", true);
            return "started";
        });
        app.get("/write/:key", ctx -> {
            bothIn.countDown();
            bothIn.await(10, TimeUnit.SECONDS);
            ctx.session().put(ctx.param("key"), ctx.param("key"));
            return "wrote";
        });
        app.get("/all", ctx -> new java.util.TreeMap<>(ctx.session().values()).toString());
        TestHost host = serve(app);
        TestClient client = host.client();
        client.get("/start").send();
        PendingResponse a = client.get("/write/a").sendAsync();
        PendingResponse b = client.get("/write/b").sendAsync();
        a.await();
        b.await();
        assertEquals("{a=a, b=b, start=true}", client.get("/all").send().text());
    }

    @Test
    void aCookieSessionTravelsSealedAndATamperedOneIsNoSession() {
        Settings settings = Settings.builder().secrets(List.of(SECRET))
                .sessionStore(new CookieSessionStore(List.of(SECRET))).build();
        TestHost host = serve(counter(settings));
        TestClient client = host.client();
        assertEquals("n=1", elapse(host, client.get("/count"), Duration.ofMillis(10)).text());
        String sealed = client.cookies().get("lindy.session");
        assertTrue(sealed.startsWith("v1."), sealed);
        assertEquals("n=2", elapse(host, client.get("/count"), Duration.ofMillis(10)).text());
        char[] bits = sealed.toCharArray();
        bits[bits.length - 5] = bits[bits.length - 5] == 'A' ? 'B' : 'A';
        assertEquals("n=1", elapse(host, host.newClient().get("/count").header("Cookie", "lindy.session=" + new String(bits)),
                Duration.ofMillis(10)).text());
    }

    @Test
    void aCookieSessionTooLargeForACookieIsAClearErrorNotACutCookie() {
        Settings settings = Settings.builder().secrets(List.of(SECRET))
                .sessionStore(new CookieSessionStore(List.of(SECRET))).build();
        App app = Lindy.app(settings);
        app.get("/big", ctx -> {
            ctx.session().put("blob", "x".repeat(5000));
            return "stored";
        });
        TestResponse r = serve(app).client().get("/big").send();
        assertEquals(500, r.status());
        assertTrue(r.headers().all("Set-Cookie").isEmpty());
    }

    @Test
    void onlyPlainDataGoesIntoASession() {
        App app = Lindy.app();
        app.get("/put", ctx -> {
            ctx.session().put("ok", Map.of("list", List.of(1, 2.5, "three", true)));
            try {
                ctx.session().put("thread", Thread.currentThread());
                return "accepted";
            } catch (IllegalArgumentException e) {
                return "refused: " + (e.getMessage().contains("plain data") ? "plain data" : e.getMessage());
            }
        });
        app.get("/get", ctx -> {
            Object ok = ctx.session().get("ok");
            return String.valueOf(ok);
        });
        TestHost host = serve(app);
        assertEquals("refused: plain data", host.client().get("/put").send().text());
        assertEquals("{list=[1, 2.5, three, true]}", host.client().get("/get").send().text());
        assertNull(host.newClient().get("/get").send().header("Set-Cookie"));
    }
}
