package dev.lindy.examples;

import static dev.lindy.http.Method.GET;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import java.time.Duration;

/**
 * The synopsis of Perl's Dancer::Plugin::Async, in Lindy: an async route answered by a timer, and a
 * blocking route that redirects to it.
 */
public final class Synopsis {
    private Synopsis() {
    }

    /**
     * Builds the synopsis app.
     *
     * @return the app, not started
     */
    public static App app() {
        App app = Lindy.app();

        // Async handler: answers when the timer fires; the event loop is never blocked.
        app.async(GET, "/timer", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofSeconds(1), () -> respond.send("foo!"));
        });

        // Normal handler: may block; runs off the event loop.
        app.get("/blocking", ctx -> ctx.redirect("/timer"));

        return app;
    }

    /**
     * Starts the synopsis app on port 3000.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        App app = app();
        app.start(3000);
    }
}
