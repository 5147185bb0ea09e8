package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static dev.lindy.http.Method.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import dev.lindy.Responder;

/** forward: internal re-dispatch from a handler or a timer, variables kept, extra parameters, loops stopped. */
public abstract class ForwardSuite extends HostedSuite {

    /** Creates the suite; a subclass names the host it runs on. */
    protected ForwardSuite() {
    }

    @Test
    void aForwardFromATimerReachesTheOtherRouteWithVariablesAndParameters() {
        App app = Lindy.app();
        app.async(GET, "/old/:id", ctx -> {
            ctx.respond();
            ctx.var("via", "old");
            ctx.after(Duration.ofMillis(10), () -> ctx.forward("/new", Map.of("id", ctx.param("id"))));
        });
        app.get("/new", ctx -> "new " + ctx.param("id") + " via " + ctx.var("via") + " q=" + ctx.param("q"));
        TestHost host = serve(app);
        TestResponse r = elapse(host, host.client().get("/old/7?q=x"), Duration.ofMillis(10));
        assertEquals("new 7 via old q=x", r.text());
    }

    @Test
    void aForwardMayChangeTheMethodAndTheQuery() {
        App app = Lindy.app();
        app.get("/form", ctx -> ctx.forward(POST, "/save?draft=1", Map.of("title", "hi")));
        app.post("/save", ctx -> "saved " + ctx.param("title") + " draft=" + ctx.param("draft"));
        assertEquals("saved hi draft=1", serve(app).client().get("/form").send().text());
    }

    @Test
    void beforeHooksRunAgainForTheForwardedRoute() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        App app = Lindy.app();
        app.before(ctx -> seen.add(ctx.request().path()));
        app.get("/a", ctx -> ctx.forward("/b"));
        app.get("/b", ctx -> "b");
        assertEquals("b", serve(app).client().get("/a").send().text());
        assertEquals(List.of("/a", "/b"), seen);
    }

    @Test
    void aForwardThatFindsNoRouteKeepsTheRouteThatForwardedAndNoneOfItsParameters() {
        App app = Lindy.app();
        app.get("/from/:id", ctx -> ctx.forward("/nowhere"));
        app.error(404, ctx -> "route=" + ctx.route() + " id=" + ctx.param("id"));
        TestResponse r = serve(app).client().get("/from/7").send();
        assertEquals(404, r.status());
        assertEquals("route=GET /from/:id id=null", r.text());
    }

    @Test
    void aForwardLoopIsStoppedWithA500() {
        App app = Lindy.app();
        app.get("/ping", ctx -> ctx.forward("/pong"));
        app.get("/pong", ctx -> ctx.forward("/ping"));
        TestResponse r = serve(app).client().get("/ping").send();
        assertEquals(500, r.status());
        assertTrue(r.text().contains("forwarded more than 10 times"), r.text());
    }

    @Test
    void aForwardToAPathBuiltFromMalformedInputIs400() {
        App app = Lindy.app();
        app.get("/user", ctx -> ctx.forward("/profile/" + ctx.param("name")));
        app.get("/profile/:name", ctx -> "profile " + ctx.param("name"));
        TestHost host = serve(app);
        assertEquals("profile ann", host.client().get("/user?name=ann").send().text());
        for (String name : new String[] {"..%2F..%2F..%2Fx", "a%23b", "a%3F%25zz"}) {
            TestResponse r = host.client().get("/user?name=" + name).send();
            assertEquals(400, r.status(), name + ": " + r.text());
        }
        assertEquals("profile ann", host.client().get("/user?name=ann").send().text());
    }

    @Test
    void aResponderTakenBeforeAForwardCannotAnswerAfterIt() throws Exception {
        CompletableFuture<Responder> old = new CompletableFuture<>();
        CompletableFuture<Boolean> oldAnswered = new CompletableFuture<>();
        App app = Lindy.app();
        app.async(GET, "/old", ctx -> {
            old.complete(ctx.respond());
            ctx.after(Duration.ofMillis(10), () -> ctx.forward("/new"));
        });
        app.async(GET, "/new", ctx -> {
            Responder respond = ctx.respond();
            oldAnswered.complete(old.join().send("OLD"));
            ctx.after(Duration.ofMillis(10), () -> respond.send("NEW"));
        });
        TestHost host = serve(app);
        assertEquals("NEW", elapse(host, host.client().get("/old"), Duration.ofMillis(20)).text());
        assertEquals(false, oldAnswered.get(10, TimeUnit.SECONDS));
        assertTrue(old.join().isDone());
    }
}
