package dev.lindy.bench;

import static dev.lindy.http.Method.GET;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import java.time.Duration;

/** The bench routes on Lindy: {@code java -cp lindy-bench.jar dev.lindy.bench.LindyBench PORT}. */
public final class LindyBench {
    private LindyBench() {
    }

    /**
     * Starts the server.
     *
     * @param args the port
     */
    public static void main(String[] args) {
        App app = Lindy.app();
        app.get("/hello", ctx -> {
            ctx.contentType("txt");
            return "Hello, World!";
        });
        app.async(GET, "/hello-async", ctx -> {
            ctx.contentType("txt");
            ctx.respond().send("Hello, World!");
        });
        app.get("/json", ctx -> {
            ctx.contentType("json");
            return Payloads.json();
        });
        app.async(GET, "/timer", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofSeconds(1), () -> respond.send("foo!"));
        });
        app.async(GET, "/timer0", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ZERO, () -> respond.send("foo!"));
        });
        app.start(Integer.parseInt(args[0]));
    }
}
