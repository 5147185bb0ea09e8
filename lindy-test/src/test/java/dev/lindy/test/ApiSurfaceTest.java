package dev.lindy.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lindy.App;
import dev.lindy.Cancellable;
import dev.lindy.Context;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.Settings;
import dev.lindy.StreamWriter;
import dev.lindy.http.Method;
import dev.lindy.http.Request;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Calls every public method of the DSL, so an accidental API break fails compilation here first.
 */
@ExtendWith(LindyExtension.class)
class ApiSurfaceTest {

    @Test
    void everyDslMethodIsCallable() {
        Settings settings = Settings.builder().host("127.0.0.1").port(0).ioThreads(1).workers(null).maxWorkers(8)
                .maxRequestLineBytes(4096).maxHeaderBytes(8192).maxBodyBytes(1024).idleTimeout(Duration.ofSeconds(5))
                .headerTimeout(Duration.ofSeconds(5)).asyncDeadline(Duration.ofSeconds(5))
                .shutdownGrace(Duration.ofSeconds(1)).development(false).contentType("text/plain")
                .handlerTimeout(Duration.ofSeconds(5)).bodyTimeout(Duration.ofSeconds(5)).writeTimeout(Duration.ofSeconds(5))
                .streamBufferBytes(65536).maxConnections(100).maxQueuedHandlers(10)
                .blockedLoopThreshold(Duration.ofMillis(100)).build();
        assertEquals(settings.port(), settings.newBuilder().build().port());
        assertEquals(settings.blockedLoopThreshold(), settings.newBuilder().build().blockedLoopThreshold());
        assertEquals(true, Method.GET.isStandard());
        App app = Lindy.app(settings)
                .get("/g", ApiSurfaceTest::everyContextMethod)
                .post("/p", ctx -> "p").put("/p", ctx -> "p").patch("/p", ctx -> "p").delete("/p", ctx -> "p")
                .options("/p", ctx -> "p").any("/any", ctx -> "any")
                .route(Method.GET, "/r", ctx -> "r").route(Method.GET, Pattern.compile("/re"), ctx -> "re")
                .get(Pattern.compile("/re2"), ctx -> "re2")
                .async(Method.GET, "/a", ctx -> everyResponderMethod(ctx.respond()))
                .async(Method.GET, "/d", Duration.ofSeconds(1), ctx -> ctx.respond().send("d"))
                .async(List.of(Method.POST), "/m", ctx -> ctx.respond().stream().close());
        assertEquals(settings, app.settings());
        try (TestHost host = TestHost.inProcess(app)) {
            assertEquals("ok", host.client().get("/g?q=1").send().text());
            assertEquals("sent", host.client().get("/a").send().text());
            assertEquals(200, host.client().post("/m").send().status());
        }
        App started = Lindy.app().get("/", ctx -> "up").start("127.0.0.1", 0);
        try {
            assertEquals(true, started.port() > 0);
        } finally {
            started.stop();
        }
    }

    private static Object everyContextMethod(Context ctx) {
        Request request = ctx.request();
        String p = ctx.param("q") + ctx.paramValues("q") + ctx.params() + ctx.splat() + ctx.route() + request.path();
        ctx.status(200).header("X", "1").addHeader("Y", "2").contentType("txt");
        ctx.var("k", p);
        Map<String, Object> vars = ctx.vars();
        String k = ctx.var("k");
        Cancellable a = ctx.after(Duration.ofSeconds(1), () -> { });
        Cancellable e = ctx.every(Duration.ofSeconds(1), () -> { });
        a.cancel();
        e.cancel();
        ctx.execute(() -> { });
        ctx.onClose(() -> { });
        ctx.deadline(Duration.ofSeconds(1));
        return ctx.isOpen() && ctx.status() == 200 && k != null && !vars.isEmpty() ? ctx.halt(200, "ok") : ctx.pass();
    }

    private static void everyResponderMethod(Responder respond) {
        if (!respond.isDone()) {
            respond.send(200, "sent");
        }
        respond.send("ignored");
        respond.redirect("/x");
        respond.redirect("/x", 303);
        respond.fail(new RuntimeException("ignored"));
        try {
            StreamWriter w = respond.stream();
            w.write("x");
            w.write(new byte[0]);
            w.isOpen();
            w.fail(new RuntimeException("ignored"));
        } catch (IllegalStateException expected) {
            // The request was answered above: a stream can no longer start.
        }
    }
}
