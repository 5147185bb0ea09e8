package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Before and after hooks: order, patterns, halts and redirects in before hooks; after hooks that see and
 * change every response, async ones answered from a timer included, once, and never for the loser of a race.
 */
public abstract class HookSuite extends HostedSuite {

    @Test
    void beforeHooksRunInOrderAndShareVariablesWithTheRoute() {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        App app = Lindy.app();
        app.before(ctx -> {
            order.add("first");
            ctx.var("user", "ann");
        });
        app.before("/admin/**", ctx -> order.add("admin only"));
        app.before(ctx -> order.add("second"));
        app.async(GET, "/home", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> respond.send("hello " + ctx.var("user")));
        });
        TestHost host = serve(app);
        assertEquals("hello ann", elapse(host, host.client().get("/home"), Duration.ofMillis(10)).text());
        assertEquals(List.of("first", "second"), order);
    }

    @Test
    void aBeforeHookMayHaltOrRedirectAndTheRouteDoesNotRun() {
        AtomicInteger routeRan = new AtomicInteger();
        App app = Lindy.app();
        app.before("/admin/**", ctx -> {
            if (ctx.param("key") == null) {
                ctx.redirect("/login");
            }
        });
        app.before("/closed", ctx -> ctx.halt(403, "closed"));
        app.get("/admin/panel", ctx -> {
            routeRan.incrementAndGet();
            return "panel";
        });
        app.get("/closed", ctx -> {
            routeRan.incrementAndGet();
            return "open";
        });
        TestHost host = serve(app);
        TestResponse r = host.client().get("/admin/panel").send();
        assertEquals(302, r.status());
        assertTrue(r.header("Location").endsWith("/login"), r.header("Location"));
        assertEquals(403, host.client().get("/closed").send().status());
        assertEquals(0, routeRan.get());
        assertEquals("panel", host.client().get("/admin/panel?key=1").send().text());
    }

    @Test
    void anAfterHookChangesTheResponseOfAnAsyncRouteAnsweredFromATimer() {
        App app = Lindy.app();
        app.after((ctx, response) -> response.newBuilder().header("X-Route", ctx.route()).build());
        app.async(GET, "/late", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> respond.send("late"));
        });
        TestHost host = serve(app);
        TestResponse r = elapse(host, host.client().get("/late"), Duration.ofMillis(10));
        assertEquals("late", r.text());
        assertEquals("GET /late", r.header("X-Route"));
        assertEquals("(no route)", host.client().get("/nowhere").send().header("X-Route"), "after hooks run for a 404 too");
    }

    @Test
    void afterHooksRunOnceEvenWhenAnswersRace() {
        AtomicInteger afters = new AtomicInteger();
        App app = Lindy.app();
        app.after((ctx, response) -> {
            afters.incrementAndGet();
            return response;
        });
        app.async(GET, "/race", ctx -> {
            Responder respond = ctx.respond();
            respond.send("first");
            respond.send("second");
            ctx.after(Duration.ofMillis(10), () -> respond.send("third"));
        });
        TestHost host = serve(app);
        assertEquals("first", host.client().get("/race").send().text());
        host.elapse(Duration.ofMillis(10));
        assertEquals(1, afters.get());
    }

    @Test
    void aFailingAfterHookGivesThePlain500() {
        App app = Lindy.app();
        app.after((ctx, response) -> {
            throw new IllegalStateException("hook broke");
        });
        app.get("/", ctx -> "fine");
        assertEquals(500, serve(app).client().get("/").send().status());
    }
}
