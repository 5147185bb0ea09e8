package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.HttpException;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.session.SessionChanges;
import dev.lindy.session.SessionData;
import dev.lindy.session.SessionStore;
import dev.lindy.test.PendingResponse;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Error handling: handlers by exception class (nearest superclass) and by status, reached from timer
 * callbacks and failed stages; sendError; an error handler that fails never loops.
 */
public abstract class ErrorSuite extends HostedSuite {

    /** Creates the suite; a subclass names the host it runs on. */
    protected ErrorSuite() {
    }

    @Test
    void theNearestSuperclassHandlerAnswersAFailureInATimer() {
        App app = Lindy.app();
        app.error(IOException.class, (ctx, e) -> "io: " + e.getMessage());
        app.error(FileNotFoundException.class, (ctx, e) -> ctx.status(404).json(java.util.Map.of("missing", e.getMessage())));
        app.async(GET, "/file", ctx -> {
            ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> {
                throw new FileNotFoundException("notes.txt");
            });
        });
        app.get("/io", ctx -> CompletableFuture.failedFuture(new IOException("disk")));
        TestHost host = serve(app);
        TestResponse file = elapse(host, host.client().get("/file"), Duration.ofMillis(10));
        assertEquals(404, file.status());
        assertEquals("{\"missing\":\"notes.txt\"}", file.text());
        TestResponse io = host.client().get("/io").send();
        assertEquals(500, io.status());
        assertEquals("io: disk", io.text());
    }

    @Test
    void aStatusPageAnswersLindysOwnErrorsAndSendError() {
        App app = Lindy.app();
        app.error(404, ctx -> "no such page: " + ctx.request().path());
        app.async(GET, "/gone", ctx -> {
            ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> ctx.sendError("gone for good", 404));
        });
        TestHost host = serve(app);
        TestResponse missing = host.client().get("/nowhere").send();
        assertEquals(404, missing.status());
        assertEquals("no such page: /nowhere", missing.text());
        TestResponse gone = elapse(host, host.client().get("/gone"), Duration.ofMillis(10));
        assertEquals(404, gone.status());
        assertEquals("no such page: /gone", gone.text());
    }

    @Test
    void sendErrorShowsAClientErrorsMessageButHidesAServerErrorsInProduction() {
        App app = Lindy.app();
        app.get("/teapot", ctx -> ctx.sendError("I refuse to brew coffee", 418));
        app.get("/broken", ctx -> ctx.sendError("database password is hunter2", 503));
        app.get("/thrown", ctx -> {
            throw new HttpException(409, "That name is taken.");
        });
        TestHost host = serve(app);
        TestResponse teapot = host.client().get("/teapot").send();
        assertEquals(418, teapot.status());
        assertTrue(teapot.text().contains("I refuse to brew coffee"), teapot.text());
        TestResponse broken = host.client().get("/broken").send();
        assertEquals(503, broken.status());
        assertFalse(broken.text().contains("hunter2"), broken.text());
        TestResponse thrown = host.client().get("/thrown").send();
        assertEquals(409, thrown.status());
        assertTrue(thrown.text().contains("That name is taken."), thrown.text());
    }

    @Test
    void anErrorHandlerThatFailsEndsInThePlain500AndNeverLoops() {
        App app = Lindy.app();
        app.error(RuntimeException.class, (ctx, e) -> {
            throw new IllegalStateException("the handler broke too");
        });
        app.error(500, ctx -> {
            throw new IllegalStateException("so did the page");
        });
        app.get("/boom", ctx -> {
            throw new IllegalArgumentException("boom");
        });
        app.get("/fine", ctx -> "fine");
        TestHost host = serve(app);
        TestResponse r = host.client().get("/boom").send();
        assertEquals(500, r.status());
        assertTrue(r.text().contains("500"), r.text());
        assertEquals("fine", host.client().get("/fine").send().text());
    }

    @Test
    void anErrorHandlerMayRedirect() {
        App app = Lindy.app();
        app.error(SecurityException.class, (ctx, e) -> ctx.redirect("/login"));
        app.get("/private", ctx -> {
            throw new SecurityException("who are you?");
        });
        TestResponse r = serve(app).client().get("/private").send();
        assertEquals(302, r.status());
        assertTrue(r.header("Location").endsWith("/login"), r.header("Location"));
    }

    @Test
    void anErrorHandlerThatSendsAnErrorAnswersOnceWithoutLooping() {
        App app = Lindy.app();
        app.error(Exception.class, (ctx, e) -> ctx.sendError("oops", 500));
        app.get("/boom", ctx -> {
            throw new IllegalStateException("boom");
        });
        App pages = Lindy.app();
        pages.error(500, ctx -> ctx.sendError("again", 500));
        pages.get("/boom", ctx -> {
            throw new IllegalStateException("boom");
        });
        assertEquals(500, serve(app).client().get("/boom").send().status());
        assertEquals(500, serve(pages).client().get("/boom").send().status());
    }

    @Test
    void aFailedHandlerLeavesNoHeadersCookiesOrSessionBehind() {
        App app = Lindy.app();
        app.get("/pay", ctx -> {
            ctx.header("Cache-Control", "public, max-age=31536000");
            ctx.cookie(dev.lindy.http.Cookie.of("paid", "yes"));
            ctx.session().put("paid", true);
            throw new IllegalStateException("the payment failed");
        });
        app.get("/paid", ctx -> String.valueOf((Object) ctx.session().get("paid")));
        TestHost host = serve(app);
        TestResponse r = host.client().get("/pay").send();
        assertEquals(500, r.status());
        assertEquals(null, r.header("Cache-Control"));
        assertEquals(null, r.header("Set-Cookie"));
        assertEquals("null", host.client().get("/paid").send().text());
    }

    @Test
    void aClientErrorKeepsWhatTheHandlerSet() {
        App app = Lindy.app();
        app.get("/private", ctx -> {
            ctx.header("WWW-Authenticate", "Basic realm=\"notes\"");
            throw new HttpException(401, "Sign in first.");
        });
        TestResponse r = serve(app).client().get("/private").send();
        assertEquals(401, r.status());
        assertEquals("Basic realm=\"notes\"", r.header("WWW-Authenticate"));
    }

    /** A session store that answers only when told to, or never. */
    private static final class StuckStore implements SessionStore {
        private final boolean loads;
        private final boolean fails;
        // Completed when the store is asked what it never answers.
        final CompletableFuture<Void> stuck = new CompletableFuture<>();

        StuckStore(boolean loads, boolean fails) {
            this.loads = loads;
            this.fails = fails;
        }

        @Override
        public CompletionStage<SessionData> load(String cookieValue) {
            if (fails) {
                return CompletableFuture.failedFuture(new IOException("the store is down"));
            }
            if (loads) {
                return CompletableFuture.completedFuture(new SessionData(cookieValue, Map.of()));
            }
            stuck.complete(null);
            return new CompletableFuture<>();
        }

        @Override
        public CompletionStage<String> create(SessionData session, String replaced, Duration idleTimeout) {
            return answer();
        }

        @Override
        public CompletionStage<String> save(SessionData session, SessionChanges changes, Duration idleTimeout) {
            return answer();
        }

        private CompletionStage<String> answer() {
            if (fails) {
                return CompletableFuture.failedFuture(new IOException("the store is down"));
            }
            stuck.complete(null);
            return new CompletableFuture<>();
        }

        @Override
        public CompletionStage<Void> delete(String id) {
            return CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void aSessionStoreThatNeverAnswersEndsIn503AtTheDeadline() {
        for (StuckStore store : new StuckStore[] {new StuckStore(false, false), new StuckStore(true, false)}) {
            App app = Lindy.app(Settings.builder().sessionStore(store).asyncDeadline(Duration.ofMillis(300)).build());
            app.get("/", ctx -> {
                ctx.session().put("seen", true);
                return "seen";
            });
            TestHost host = serve(app);
            // The deadline counts from the moment the store is asked: time passes after that.
            PendingResponse pending = host.client().get("/").header("Cookie", "lindy.session=abc").sendAsync();
            store.stuck.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
            host.elapse(Duration.ofMillis(300));
            TestResponse r = pending.await();
            assertEquals(503, r.status());
            assertTrue(r.text().contains("session store"), r.text());
        }
    }

    @Test
    void aSessionStoreThatFailsIs503() {
        App app = Lindy.app(Settings.builder().sessionStore(new StuckStore(true, true)).build());
        app.get("/", ctx -> {
            ctx.session().put("seen", true);
            return "seen";
        });
        TestHost host = serve(app);
        assertEquals(503, host.client().get("/").header("Cookie", "lindy.session=abc").send().status());
        assertEquals(503, host.client().get("/").send().status());
    }
}
