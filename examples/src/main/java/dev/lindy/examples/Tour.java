package dev.lindy.examples;

import static dev.lindy.http.Method.GET;

import dev.lindy.App;
import dev.lindy.Context;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.StreamWriter;
import dev.lindy.http.Response;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * A tour of the keywords: parameters, flow control, answering later, streaming and deadlines.
 */
public final class Tour {
    private Tour() {
    }

    /**
     * Builds the tour app.
     *
     * @return the app, not started
     */
    public static App app() {
        App app = Lindy.app();

        // Route parameters, optional segments, splats and regexes.
        app.get("/hello/:name?", ctx -> "Hello, " + (ctx.param("name") == null ? "stranger" : ctx.param("name")));
        app.get("/files/**", ctx -> "file " + ctx.splat().get(0));
        app.get(Pattern.compile("/item/(?<id>\\d+)"), ctx -> "item " + ctx.param("id"));

        // Flow control: halt answers at once, pass hands over to the next matching route.
        app.get("/admin", ctx -> ctx.halt(403, "Forbidden"));
        app.get("/num/:n", ctx -> ctx.param("n").matches("\\d+") ? "number " + ctx.param("n") : ctx.pass());
        app.get("/num/:word", ctx -> "word " + ctx.param("word"));

        // Returning a CompletionStage makes any route asynchronous.
        app.get("/later", ctx -> CompletableFuture.supplyAsync(() -> Response.of(202, "accepted")));

        // Keywords keep working in callbacks, long after the handler returned.
        app.async(GET, "/poll/:topic", ctx -> {
            ctx.deadline(Duration.ofSeconds(5));
            Responder respond = ctx.respond();
            ctx.onClose(() -> System.out.println("client left " + ctx.param("topic")));
            ctx.after(Duration.ofSeconds(2), () -> respond.send("news about " + ctx.param("topic")));
        });

        // Streaming: each write completes once its bytes are handed to the operating system; the next one
        // waits for that, so a slow client slows the producer instead of filling memory.
        app.async(GET, "/count", ctx -> {
            ctx.contentType("txt");
            count(ctx, ctx.respond().stream(), 1);
        });
        return app;
    }

    private static void count(Context ctx, StreamWriter out, int n) {
        if (n > 3) {
            out.close();
            return;
        }
        out.write(n + "\n").thenRun(() -> ctx.after(Duration.ofMillis(500), () -> count(ctx, out, n + 1)));
    }

    /**
     * Starts the tour on port 3000.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        app().start(3000);
    }
}
