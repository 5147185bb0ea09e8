package @@package@@;

import static dev.lindy.http.Method.GET;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;

/** @@name@@: its routes, and its main. */
public final class Main {
    private Main() {
    }

    /**
     * Makes the app: reads config.yml (and environments/), declares the routes. The tests use it too.
     *
     * @return the app, not started
     */
    public static App app() {
        App app = Lindy.app();
        String name = app.config().get("appname", "@@name@@");
        // A blocking route: it runs on a worker and may call a database; its page is views/index.peb.
        app.get("/", ctx -> ctx.template("index", Map.of("appname", name, "now", LocalTime.now().withNano(0))));
        // An async route: it answers later, from a timer, without holding a thread while it waits.
        app.async(GET, "/later", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofSeconds(1), () -> respond.send("Answered a second later, from a timer."));
        });
        return app;
    }

    /**
     * Starts the app on the port of config.yml.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        app().start();
    }
}
