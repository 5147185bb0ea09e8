package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.test.PendingResponse;
import dev.lindy.test.TestClient;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The keywords, in the handler and inside timer callbacks long after it returned: the seed's documented
 * flaw (keywords broken in callbacks) must not exist here.
 */
public abstract class KeywordSuite extends HostedSuite {
    private static final Duration LATER = Duration.ofMillis(50);

    /** Creates the suite; a subclass names the host it runs on. */
    protected KeywordSuite() {
    }

    @Test
    void statusHeaderAndContentTypeShapeTheResponse() {
        App app = Lindy.app();
        app.get("/shape", ctx -> {
            ctx.status(201).header("X-One", "1").addHeader("X-Two", "a").addHeader("X-Two", "b").contentType("json");
            return "{}";
        });
        TestResponse r = serve(app).client().get("/shape").send();
        assertEquals(201, r.status());
        assertEquals("1", r.header("X-One"));
        assertEquals(List.of("a", "b"), r.headers().all("X-Two"));
        assertMediaType("application/json", r.header("Content-Type"));
    }

    @Test
    void redirectAnswers302WithAnAbsoluteLocationAndEndsTheHandler() {
        AtomicBoolean ranOn = new AtomicBoolean();
        App app = Lindy.app();
        app.get("/users/:id", ctx -> {
            ctx.redirect("edit");
            ranOn.set(true);
            return "not this";
        });
        app.get("/go", ctx -> ctx.redirect("/a b?x=1", 303));
        TestClient c = serve(app).client();
        TestResponse r = c.get("/users/5").send();
        assertEquals(302, r.status());
        assertTrue(r.header("Location").matches("https?://127\\.0\\.0\\.1(:\\d+)?/users/edit"), r.header("Location"));
        assertEquals("", r.text());
        assertEquals(false, ranOn.get());
        TestResponse see = c.get("/go").send();
        assertEquals(303, see.status());
        assertTrue(see.header("Location").endsWith("/a%20b?x=1"), see.header("Location"));
    }

    @Test
    void haltAnswersAtOnceAndSkipsTheRestOfTheHandler() {
        AtomicBoolean ranOn = new AtomicBoolean();
        App app = Lindy.app();
        app.get("/secret", ctx -> {
            ctx.header("WWW-Authenticate", "Basic");
            ctx.halt(401, "denied");
            ranOn.set(true);
            return "secret";
        });
        TestResponse r = serve(app).client().get("/secret").send();
        assertEquals(401, r.status());
        assertEquals("denied", r.text());
        assertEquals("Basic", r.header("WWW-Authenticate"));
        assertEquals(false, ranOn.get());
    }

    @Test
    void varsLiveForOneRequestOnly() {
        App app = Lindy.app();
        app.get("/v", ctx -> {
            String before = String.valueOf((Object) ctx.var("n"));
            ctx.var("n", 1);
            return before + " " + ctx.var("n") + " " + ctx.vars();
        });
        TestClient c = serve(app).client();
        assertEquals("null 1 {n=1}", c.get("/v").send().text());
        assertEquals("null 1 {n=1}", c.get("/v").send().text());
    }

    // ---- the same keywords inside a timer callback, after the handler returned ------------------------

    @Test
    void paramsWorkInsideATimerCallback() {
        App app = Lindy.app();
        app.async(GET, "/cb/:name", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(LATER, () -> respond.send(ctx.param("name") + " " + ctx.param("q") + " " + ctx.params()));
        });
        assertEquals("ann x {q=x, name=ann}", later(app, "/cb/ann?q=x").text());
    }

    @Test
    void requestWorksInsideATimerCallback() {
        App app = Lindy.app();
        app.async(GET, "/cb", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(LATER, () -> respond.send(ctx.request().method() + " " + ctx.request().path()
                    + " " + ctx.request().header("X-Test")));
        });
        TestHost host = serve(app);
        PendingResponse pending = host.client().get("/cb").header("X-Test", "yes").sendAsync();
        host.elapse(LATER);
        assertEquals("GET /cb yes", pending.await().text());
    }

    @Test
    void statusHeaderAndContentTypeWorkInsideATimerCallback() {
        App app = Lindy.app();
        app.async(GET, "/cb", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(LATER, () -> {
                ctx.status(202).header("X-Later", "yes").contentType("txt");
                respond.send("later");
            });
        });
        TestResponse r = later(app, "/cb");
        assertEquals(202, r.status());
        assertEquals("yes", r.header("X-Later"));
        assertMediaType("text/plain; charset=utf-8", r.header("Content-Type"));
        assertEquals("later", r.text());
    }

    @Test
    void redirectWorksInsideATimerCallback() {
        App app = Lindy.app();
        app.async(GET, "/cb", ctx -> {
            ctx.respond();
            ctx.after(LATER, () -> ctx.redirect("/elsewhere"));
        });
        TestResponse r = later(app, "/cb");
        assertEquals(302, r.status());
        assertTrue(r.header("Location").endsWith("/elsewhere"), r.header("Location"));
    }

    @Test
    void haltWorksInsideATimerCallback() {
        App app = Lindy.app();
        app.async(GET, "/cb", ctx -> {
            ctx.respond();
            ctx.after(LATER, () -> ctx.halt(418, "teapot"));
        });
        TestResponse r = later(app, "/cb");
        assertEquals(418, r.status());
        assertEquals("teapot", r.text());
    }

    @Test
    void passWorksInsideATimerCallback() {
        App app = Lindy.app();
        app.async(GET, "/cb", ctx -> {
            ctx.respond();
            ctx.after(LATER, ctx::pass);
        });
        app.get("/cb", ctx -> "second route");
        assertEquals("second route", later(app, "/cb").text());
    }

    @Test
    void varsWorkInsideATimerCallback() {
        App app = Lindy.app();
        app.async(GET, "/cb", ctx -> {
            ctx.var("who", "me");
            Responder respond = ctx.respond();
            ctx.after(LATER, () -> respond.send("var " + ctx.var("who")));
        });
        assertEquals("var me", later(app, "/cb").text());
    }

    @Test
    void overlappingRequestsEachSeeOnlyTheirOwnData() {
        App app = Lindy.app();
        app.async(GET, "/who/:name", ctx -> {
            ctx.var("me", ctx.param("name"));
            Responder respond = ctx.respond();
            long delay = Long.parseLong(ctx.param("wait"));
            ctx.after(Duration.ofMillis(delay), () -> respond.send(ctx.param("name") + " " + ctx.request().path()
                    + " " + ctx.var("me")));
        });
        TestHost host = serve(app);
        PendingResponse alice = host.client().get("/who/alice?wait=300").sendAsync();
        PendingResponse bob = host.newClient().get("/who/bob?wait=100").sendAsync();
        host.elapse(Duration.ofMillis(300));
        assertEquals("bob /who/bob bob", bob.await().text());
        assertEquals("alice /who/alice alice", alice.await().text());
    }

    private TestResponse later(App app, String path) {
        TestHost host = serve(app);
        PendingResponse pending = host.client().get(path).sendAsync();
        host.elapse(LATER);
        return pending.await();
    }
}
