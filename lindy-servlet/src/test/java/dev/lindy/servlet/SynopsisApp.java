package dev.lindy.servlet;

import static dev.lindy.http.Method.GET;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import java.time.Duration;
import java.util.function.Supplier;

/** The synopsis app, as a {@code web.xml} would name it through the servlet's init parameter. */
public final class SynopsisApp implements Supplier<App> {
    @Override
    public App get() {
        App app = Lindy.app();
        app.async(GET, "/timer", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofSeconds(1), () -> respond.send("foo!"));
        });
        app.get("/blocking", ctx -> ctx.redirect("/timer"));
        app.post("/echo", ctx -> ctx.request().bodyText());
        return app;
    }
}
