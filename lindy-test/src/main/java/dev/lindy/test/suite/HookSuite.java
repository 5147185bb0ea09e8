package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.Settings;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Before and after hooks: order, patterns, halts and redirects in before hooks; after hooks that see and
 * change every response, async ones answered from a timer included, once, and never for the loser of a race.
 */
public abstract class HookSuite extends HostedSuite {

    /** Creates the suite; a subclass names the host it runs on. */
    protected HookSuite() {
    }

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
    void afterHooksRunOnceEvenWhenAnswersRace() throws Exception {
        AtomicInteger afters = new AtomicInteger();
        AtomicInteger won = new AtomicInteger();
        java.util.concurrent.LinkedBlockingQueue<Integer> rounds = new java.util.concurrent.LinkedBlockingQueue<>();
        App app = Lindy.app();
        app.after((ctx, response) -> {
            afters.incrementAndGet();
            return response;
        });
        app.get("/race", ctx -> {
            Responder respond = ctx.respond();
            // Eight threads released at once, each trying to answer: exactly one may win.
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> racers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String body = "answer " + i;
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (respond.send(body)) {
                        won.incrementAndGet();
                    }
                });
                t.start();
                racers.add(t);
            }
            go.countDown();
            for (Thread t : racers) {
                t.join();
            }
            rounds.add(won.getAndSet(0));
            return null;
        });
        TestHost host = serve(app);
        for (int round = 0; round < 20; round++) {
            afters.set(0);
            assertTrue(host.client().get("/race").send().text().startsWith("answer "));
            assertEquals(1, rounds.poll(10, TimeUnit.SECONDS), "one answer wins");
            assertEquals(1, afters.get(), "after hooks ran once");
        }
    }

    @Test
    void userCodeForErrorsNeverRunsOnTheLoopOrTheWatchdog() throws Exception {
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch never = new CountDownLatch(1);
        App app = Lindy.app(Settings.builder().handlerTimeout(Duration.ofMillis(300)).build());
        app.after((ctx, response) -> {
            threads.add(Thread.currentThread().getName());
            return response;
        });
        app.error(404, ctx -> {
            threads.add(Thread.currentThread().getName());
            return "nothing here";
        });
        app.get("/stuck", ctx -> {
            never.await(30, TimeUnit.SECONDS);
            return "too late";
        });
        TestHost host = serve(app);
        assertEquals(404, host.client().get("/missing").send().status());
        assertEquals(503, host.client().get("/stuck").send().status());
        assertEquals(3, threads.size(), threads.toString());
        for (String name : threads) {
            assertTrue(name.startsWith("lindy-worker-"), "user code ran on " + name);
        }
    }

    @Test
    void aBeforeHookThatBlocksOnAPathWithoutARouteObeysTheHandlerTimeout() {
        CountDownLatch never = new CountDownLatch(1);
        App app = Lindy.app(Settings.builder().handlerTimeout(Duration.ofMillis(300)).build());
        app.before(ctx -> never.await(30, TimeUnit.SECONDS));
        TestResponse r = serve(app).client().get("/nowhere").send();
        assertEquals(503, r.status());
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
