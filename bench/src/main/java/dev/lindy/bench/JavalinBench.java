package dev.lindy.bench;

import io.javalin.Javalin;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The bench routes on Javalin 7; timers complete a future from a scheduled executor. */
public final class JavalinBench {
    private JavalinBench() {
    }

    /**
     * Starts the server.
     *
     * @param args the port
     */
    public static void main(String[] args) {
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
        Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/hello", ctx -> ctx.contentType("text/plain; charset=utf-8").result(Payloads.HELLO));
            config.routes.get("/hello-async", ctx -> ctx.future(() -> CompletableFuture.completedFuture(Payloads.HELLO)
                    .thenAccept(ctx::result)));
            config.routes.get("/json", ctx -> ctx.json(new Payloads.Message(Payloads.HELLO)));
            config.routes.get("/timer", ctx -> ctx.future(() -> later(timers, 1000).thenAccept(ctx::result)));
            config.routes.get("/timer0", ctx -> ctx.future(() -> later(timers, 0).thenAccept(ctx::result)));
        }).start("0.0.0.0", Integer.parseInt(args[0]));
    }

    private static CompletableFuture<String> later(ScheduledExecutorService timers, long millis) {
        CompletableFuture<String> f = new CompletableFuture<>();
        timers.schedule(() -> f.complete("foo!"), millis, TimeUnit.MILLISECONDS);
        return f;
    }
}
