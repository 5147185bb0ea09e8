package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.Settings;
import dev.lindy.http.Headers;
import dev.lindy.http.Response;
import dev.lindy.test.RawConnection;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What a client controls, or a handler gets wrong, never becomes a 500 or reaches a route it should not:
 * malformed targets are a 400 decided on arrival, paths are normalized before matching, redirect locations
 * are always valid, and control flow survives the handler's own error handling.
 */
public abstract class InputSuite extends HostedSuite {

    /** Creates the suite; a subclass names the host it runs on. */
    protected InputSuite() {
    }

    /** Sends a target as is: through the test client in process, over a raw socket to a real server. */
    private static int statusOf(TestHost host, String target) throws IOException {
        if (host.hasVirtualClock()) {
            return host.client().get(target).send().status();
        }
        try (RawConnection c = RawConnection.to(host)) {
            return c.send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").read().status();
        }
    }

    private static String bodyOf(TestHost host, String target) throws IOException {
        if (host.hasVirtualClock()) {
            return host.client().get(target).send().text();
        }
        try (RawConnection c = RawConnection.to(host)) {
            return c.send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").read().body();
        }
    }

    @Test
    void aMalformedQueryIs400DecidedOnArrival() throws IOException {
        AtomicBoolean reached = new AtomicBoolean();
        App app = Lindy.app();
        app.get("/search", ctx -> {
            reached.set(true);
            return "q=" + ctx.param("q");
        });
        TestHost host = serve(app);
        assertEquals(400, statusOf(host, "/search?q=%zz"));
        assertEquals(400, statusOf(host, "/search?q=100%"));
        assertFalse(reached.get(), "the route saw a malformed query");
        assertEquals("q=a b", host.client().get("/search?q=a+b").send().text());
    }

    @Test
    void anEncodedSlashCannotPoseAsAPathSeparator() throws IOException {
        AtomicBoolean reached = new AtomicBoolean();
        App app = Lindy.app();
        app.get("/files/**", ctx -> {
            reached.set(true);
            return "file " + ctx.splat().get(0);
        });
        TestHost host = serve(app);
        assertEquals(400, statusOf(host, "/files/..%2F..%2Fetc%2Fpasswd"));
        assertEquals(400, statusOf(host, "/files/a%2fb"));
        assertEquals(400, statusOf(host, "/files/..%5c..%5cetc"));
        assertEquals(400, statusOf(host, "/files/a\\b"));
        assertEquals(400, statusOf(host, "/files/%ff"));
        assertEquals(400, statusOf(host, "/files/%c0%ae%c0%ae/x"));
        assertEquals(400, statusOf(host, "/files/a#b"));
        assertFalse(reached.get(), "a route saw an encoded slash, a backslash or bad UTF-8 decoded");
        assertEquals("file a/b", bodyOf(host, "/files/a/b"));
    }

    @Test
    void dotSegmentsAreResolvedBeforeMatchingAndMayNotClimbAboveTheRoot() throws IOException {
        App app = Lindy.app();
        app.get("/public/**", ctx -> "public " + ctx.splat().get(0));
        app.get("/secret", ctx -> "secret");
        TestHost host = serve(app);
        assertEquals("secret", bodyOf(host, "/public/../secret"));
        assertEquals("public a/c", bodyOf(host, "/public/a/./b/../c"));
        assertEquals(400, statusOf(host, "/public/%2e%2e/secret"));
        assertEquals(400, statusOf(host, "/public/.%2E/secret"));
        assertEquals(400, statusOf(host, "/../../secret"));
        assertEquals(400, statusOf(host, "/public/../../secret"));
    }

    @Test
    void methodsAreCaseSensitive() {
        App app = Lindy.app();
        app.get("/hello", ctx -> "hello");
        TestHost host = serve(app);
        TestResponse lower = host.client().request("get", "/hello").send();
        assertEquals(501, lower.status(), lower.text());
        assertEquals("hello", host.client().get("/hello").send().text());
    }

    @Test
    void redirectLocationsAreAlwaysValid() {
        App app = Lindy.app();
        app.get("/sale", ctx -> ctx.redirect("/sale?off=100%"));
        app.get("/list", ctx -> ctx.redirect("/a[1]"));
        app.get("/back", ctx -> ctx.redirect("../up/été"));
        TestHost host = serve(app);
        assertTrue(host.client().get("/sale").send().header("Location").endsWith("/sale?off=100%25"));
        assertTrue(host.client().get("/list").send().header("Location").endsWith("/a%5B1%5D"));
        assertTrue(host.client().get("/back").send().header("Location").endsWith("/up/%C3%A9t%C3%A9"));
    }

    @Test
    void haltSurvivesAHandlersCatchOfException() {
        App app = Lindy.app();
        app.get("/guarded", ctx -> {
            try {
                return ctx.halt(403, "forbidden");
            } catch (Exception e) {
                return "swallowed";
            }
        });
        TestResponse r = serve(app).client().get("/guarded").send();
        assertEquals(403, r.status());
        assertEquals("forbidden", r.text());
    }

    @Test
    void headAndPassWalkTheSameRoutesAsGet() {
        App app = Lindy.app();
        app.get("/page", ctx -> {
            ctx.header("X-Route", "get");
            return "get";
        });
        app.any("/page", ctx -> {
            ctx.header("X-Route", "any");
            return "any";
        });
        app.get("/p", ctx -> ctx.pass());
        app.any("/p", ctx -> {
            ctx.header("X-Route", "any");
            return "any";
        });
        TestHost host = serve(app);
        assertEquals("get", host.client().head("/page").send().header("X-Route"));
        assertEquals("any", host.client().get("/p").send().header("X-Route"));
        assertEquals("any", host.client().head("/p").send().header("X-Route"));
    }

    @Test
    void interimStatusesAreNeverFinalAnswers() throws Exception {
        CompletableFuture<String> refused = new CompletableFuture<>();
        App app = Lindy.app();
        app.async(GET, "/interim", ctx -> {
            Responder respond = ctx.respond();
            try {
                respond.send(101, "switching");
                refused.complete("accepted");
            } catch (IllegalArgumentException e) {
                refused.complete("refused");
            }
            respond.send("final");
        });
        app.get("/status", ctx -> ctx.status(100));
        TestHost host = serve(app);
        assertEquals("final", host.client().get("/interim").send().text());
        assertEquals("refused", refused.get(10, TimeUnit.SECONDS));
        assertEquals(500, host.client().get("/status").send().status());
    }

    @Test
    void aNoContentAnswerCarriesNoBody() throws IOException {
        App app = Lindy.app();
        app.get("/empty", ctx -> Response.of(204, Headers.empty(), "stray".getBytes(StandardCharsets.UTF_8)));
        app.get("/next", ctx -> "next");
        TestHost host = serve(app);
        if (host.hasVirtualClock()) {
            TestResponse r = host.client().get("/empty").send();
            assertEquals(204, r.status());
            assertEquals("", r.text());
            return;
        }
        // On one connection: a body after the 204 would be read as the start of the next answer.
        try (RawConnection c = RawConnection.to(host)) {
            c.send("GET /empty HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(204, c.read().status());
            RawConnection.Response next = c.read();
            assertEquals(200, next.status(), next.statusLine());
            assertEquals("next", next.body());
        }
    }

    @Test
    void anAnswerThatCannotBeWrittenIsA500NamingTheRouteAndTheType() {
        App app = Lindy.app(Settings.builder().development(true).build());
        app.get("/object", ctx -> new Object());
        TestResponse r = serve(app).client().get("/object").send();
        assertEquals(500, r.status());
        assertTrue(r.text().contains("GET /object"), r.text());
        assertTrue(r.text().contains("java.lang.Object"), r.text());
    }
}
