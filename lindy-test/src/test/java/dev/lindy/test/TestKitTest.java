package dev.lindy.test;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The kit itself: the client's features on both hosts, and the virtual clock. */
@ExtendWith(LindyExtension.class)
class TestKitTest {

    static Stream<Function<App, TestHost>> hosts() {
        return Stream.of(TestHost::inProcess, TestHost::netty);
    }

    private static App app() {
        App app = Lindy.app();
        app.post("/login", ctx -> {
            ctx.addHeader("Set-Cookie", "user=" + ctx.request().bodyText().replace("name=", "") + "; Path=/; HttpOnly");
            return ctx.redirect("/me", 303);
        });
        app.get("/me", ctx -> "hello " + ctx.request().header("Cookie"));
        app.post("/logout", ctx -> {
            ctx.addHeader("Set-Cookie", "user=; Max-Age=0; Path=/");
            return "bye";
        });
        app.post("/json", ctx -> ctx.request().header("Content-Type") + " " + ctx.request().bodyText());
        app.get("/echo", ctx -> ctx.request().query() + " " + ctx.request().header("X-Trace"));
        return app;
    }

    @ParameterizedTest
    @MethodSource("hosts")
    void cookiesPersistAcrossCallsAndRedirectsAreFollowedOnlyWhenAsked(Function<App, TestHost> kind) {
        try (TestHost host = kind.apply(app())) {
            TestClient c = host.client();
            TestResponse login = c.post("/login").form("name", "ann").send();
            assertEquals(303, login.status());
            assertEquals(Map.of("user", "ann"), c.cookies());
            assertEquals("hello user=ann", c.get("/me").send().text());
            assertEquals("hello null", host.newClient().get("/me").send().text());
            c.post("/logout").send();
            assertEquals(Map.of(), c.cookies());
            TestClient follower = host.newClient().followRedirects(true);
            assertEquals("hello user=bob", follower.post("/login").form("name", "bob").send().text());
        }
    }

    @ParameterizedTest
    @MethodSource("hosts")
    void jsonBodiesQueriesAndHeadersAreSent(Function<App, TestHost> kind) {
        try (TestHost host = kind.apply(app())) {
            TestClient c = host.client();
            assertEquals("application/json {\"a\":1}", c.post("/json").json("{\"a\":1}").send().text());
            assertEquals("q=a+b&n=1 t-1", c.get("/echo").query("q", "a b").query("n", "1").header("X-Trace", "t-1")
                    .send().text());
        }
    }

    @Test
    void theVirtualClockFiresRepeatingTimersInOrderAndCountsPendingOnes() {
        AtomicInteger ticks = new AtomicInteger();
        App app = Lindy.app();
        app.async(GET, "/ticks", ctx -> {
            ctx.deadline(Duration.ofMinutes(1));
            Responder respond = ctx.respond();
            ctx.every(Duration.ofSeconds(10), () -> {
                if (ticks.incrementAndGet() == 3) {
                    respond.send("ticked at " + ctx.param("x"));
                }
            });
        });
        app.get("/blocking-timer", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMinutes(5), () -> respond.send("five minutes later"));
            return null;
        });
        try (TestHost host = TestHost.inProcess(app)) {
            PendingResponse pending = host.client().get("/ticks?x=1").sendAsync();
            assertEquals(2, host.clock().pendingTimers(), "the ticker and the deadline");
            host.clock().advance(Duration.ofSeconds(25));
            assertFalse(pending.isAnswered());
            host.clock().advance(Duration.ofSeconds(5));
            assertEquals("ticked at 1", pending.await().text());
            assertEquals(Duration.ofSeconds(30), host.clock().elapsed());
            assertEquals(0, host.clock().pendingTimers());

            PendingResponse later = host.client().get("/blocking-timer").sendAsync();
            // The handler's five-minute timer, then the deadline set once the handler returned: both must be
            // pending before the clock moves, or the timer would fire alone.
            host.clock().awaitTimers(2);
            host.clock().advance(Duration.ofMinutes(5));
            assertEquals(503, later.await().status(), "the 30 s deadline comes first");
        }
    }

    @Test
    void aRealServerHasNoVirtualClockAndInProcessHasNoPort() {
        try (TestHost real = TestHost.netty(app()); TestHost local = TestHost.inProcess(app())) {
            assertFalse(real.hasVirtualClock());
            assertThrows(IllegalStateException.class, real::clock);
            assertTrue(real.port() > 0);
            assertThrows(IllegalStateException.class, local::port);
            assertEquals("in-process", local.toString());
        }
    }
}
