package dev.lindy.examples;

import static dev.lindy.http.Method.GET;

import dev.lindy.App;
import dev.lindy.HttpException;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.hub.Hub;
import java.nio.file.Path;
import java.util.Map;

/**
 * A chat: pick a name, say something, everyone sees it. One hub topic carries the messages; browsers follow
 * it with server-sent events, or long polling where they have no {@code EventSource}, or a WebSocket
 * ({@code /websocket}). The page is in {@code examples/chat/public}. A reload shows the topic's history; a
 * browser that reconnects catches up from the last message it saw. {@code POST /login} keeps a name in the
 * session, which {@code GET /me} tells; a client that logged in speaks under that name whatever its lines say,
 * while one that did not names itself in each line (the page does, as a demo without accounts).
 *
 * <p>The settings come from the app directory's files: with {@code LINDY_ENV=cluster},
 * {@code environments/cluster.yml} puts the sessions and the hub in Redis, so that several nodes behind a
 * load balancer are one chat ({@code examples/cluster/run}).
 */
public final class Chat {
    private static final int MAX_NAME = 32;
    private static final int MAX_TEXT = 500;

    private Chat() {
    }

    /** A line of the chat, as clients send it and as the topic carries it. */
    public record Line(String name, String text) {
    }

    /**
     * Builds the app.
     *
     * @param dir the app directory, holding {@code public/}
     * @return the app, not started
     */
    public static App app(Path dir) {
        App app = Lindy.app(Settings.load(dir));
        Hub hub = app.hub();

        // Log in: the name goes into the session, which every node reads when it is in Redis.
        app.post("/login", ctx -> {
            String name = checkedName(ctx.param("name"));
            ctx.session().regenerate();
            ctx.session().put("name", name);
            return Map.of("name", name);
        });
        app.get("/me", ctx -> Map.of("name", String.valueOf((Object) ctx.session().get("name"))));

        // Say something: every subscriber of the topic hears it, whatever carries it to them.
        app.post("/say", ctx -> hub.publish("chat", as(ctx.session().get("name"), checked(ctx.bodyAs(Line.class))))
                .thenApply(m -> Map.of("id", m.id())));

        // Server-sent events; a browser that reconnects catches up from the last id it saw.
        app.async(GET, "/events", ctx -> ctx.subscribe("chat").since(ctx.param("since")).toSse());

        // Long polling, for browsers without EventSource.
        app.async(GET, "/poll", ctx -> ctx.subscribe("chat").since(ctx.param("since")).poll());

        // The same chat over a WebSocket.
        app.before("/ws", ctx -> {
            if (ctx.param("since") != null && !ctx.param("since").matches("\\d{1,18}")) {
                throw new HttpException(400, "since must be a message id.");
            }
        });
        app.ws("/ws", ws -> {
            ws.onOpen(socket -> socket.forward("chat", socket.param("since") == null ? 0 : Long.parseLong(socket.param("since"))));
            ws.onMessage((socket, text) -> {
                try {
                    hub.publish("chat", as(socket.session().get("name"), checked(socket.readJson(text, Line.class))));
                } catch (IllegalArgumentException | HttpException e) {
                    socket.close(1008, "not a chat line");
                }
            });
        });
        app.get("/websocket", ctx -> ctx.sendFile("/index.html"));
        return app;
    }

    // The session's name, when the client logged in, is the one a line goes out under.
    private static Line as(Object loggedIn, Line line) {
        return loggedIn == null ? line : new Line(String.valueOf(loggedIn), line.text());
    }

    private static Line checked(Line line) {
        if (line == null || line.name() == null || line.text() == null) {
            throw new HttpException(400, "A line needs a name and a text.");
        }
        String text = line.text().strip();
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            throw new HttpException(400, "A line has 1 to " + MAX_TEXT + " characters.");
        }
        return new Line(checkedName(line.name()), text);
    }

    private static String checkedName(String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_NAME) {
            throw new HttpException(400, "A name has 1 to " + MAX_NAME + " characters.");
        }
        return stripped;
    }
}
