package dev.lindy.examples;

import static dev.lindy.http.Method.GET;

import dev.lindy.App;
import dev.lindy.HttpException;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.Settings;
import dev.lindy.config.Config;
import dev.lindy.csrf.Csrf;
import dev.lindy.upload.Upload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The tour grown up: a small notes app with a login (a session, regenerated at login), pages from
 * templates in a layout with a stylesheet from {@code public/}, file uploads and downloads, forms guarded
 * against forgery, a JSON API, hooks, error pages, and its configuration in {@code config.yml} with a
 * development and a production environment ({@code examples/app}).
 */
public final class Notes {
    private Notes() {
    }

    /** A note, as the JSON API shows it. */
    public record Note(int id, String author, String text, Instant at) {
    }

    /** A file a user uploaded, kept under its id. */
    public record Attachment(int id, String name, String type, long size, String owner, Path path) {
    }

    /**
     * Builds the app from the files of its directory.
     *
     * @param dir the app directory, holding {@code config.yml}
     * @return the app, not started
     */
    public static App app(Path dir) {
        App app = Lindy.app(Settings.load(dir));
        Config notes = app.config().section("notes");
        String title = notes.get("title", "Notes");
        int maxLength = notes.getInt("maxLength", 500);
        Map<String, String> users = new ConcurrentHashMap<>();
        notes.section("users").asMap().forEach((name, password) -> users.put(name, String.valueOf(password)));
        List<Note> all = new CopyOnWriteArrayList<>();
        List<Attachment> files = new CopyOnWriteArrayList<>();
        Path fileDir = fileDirectory(notes.get("files", ""));
        if (notes.get("files", "").isEmpty()) {
            // A directory of its own lasts as long as the app: its uploads go with it.
            app.onStop(() -> deleteTree(fileDir));
        }

        app.register(Csrf.exempting("/api/"));
        // Every page has the title, who is logged in and the forms' token: the layout and forms use them.
        app.beforeTemplate((ctx, tokens) -> {
            tokens.put("title", title);
            tokens.put("user", ctx.var("user"));
            tokens.put("csrf", ctx.with(Csrf.class).field());
        });

        // Hooks: who is asking, for every route; the API wants a logged-in user.
        app.before(ctx -> ctx.var("user", ctx.session().get("user")));
        app.before("/api/**", ctx -> {
            if (ctx.var("user") == null) {
                throw new HttpException(401, "Log in first.");
            }
        });
        app.after((ctx, response) -> response.newBuilder().header("X-Content-Type-Options", "nosniff").build());

        // Pages, from views/ in the layout views/layouts/main.peb (config.yml names it).
        app.get("/", ctx -> ctx.var("user") == null
                ? ctx.template("login", Map.of())
                : ctx.template("index", Map.of("notes", all, "files", files, "maxLength", maxLength)));
        app.post("/login", ctx -> {
            String name = ctx.param("name");
            if (name == null || !String.valueOf(ctx.param("password")).equals(users.get(name))) {
                ctx.status(401);
                return ctx.template("login", Map.of("failed", true));
            }
            // A new id at login: an id planted before it is worth nothing after it.
            ctx.session().regenerate();
            ctx.session().put("user", name);
            return ctx.redirect("/");
        });
        app.post("/logout", ctx -> {
            ctx.session().invalidate();
            return ctx.redirect("/");
        });
        app.post("/notes", ctx -> {
            if (ctx.var("user") == null) {
                return ctx.redirect("/");
            }
            add(all, ctx.var("user"), ctx.param("text"), maxLength);
            return ctx.redirect("/");
        });

        // Files: an upload goes to a temporary file as it arrives; keep it by copying it somewhere.
        app.post("/files", ctx -> {
            Upload upload = ctx.upload("file");
            if (ctx.var("user") == null || upload == null) {
                return ctx.redirect("/");
            }
            synchronized (files) {
                int id = files.size() + 1;
                Path kept = fileDir.resolve(id + "-" + upload.safeFilename());
                upload.copyTo(kept);
                files.add(new Attachment(id, upload.safeFilename(), upload.contentType(), upload.size(), ctx.var("user"), kept));
            }
            return ctx.redirect("/");
        });
        // A download: the file goes out from the disk, with its name, as an attachment.
        app.get("/files/:id", ctx -> {
            Attachment file = files.stream().filter(f -> String.valueOf(f.id()).equals(ctx.param("id"))).findFirst()
                    .orElseThrow(() -> new HttpException(404, "No file " + ctx.param("id") + "."));
            if (ctx.var("user") == null) {
                throw new HttpException(401, "Log in first.");
            }
            return ctx.sendFile(file.path(), file.name());
        });

        // The JSON API: the same notes, for scripts.
        app.get("/api/notes", ctx -> all);
        app.post("/api/notes", ctx -> {
            Note note = add(all, ctx.var("user"), String.valueOf(ctx.bodyJson() instanceof Map
                    ? ((Map<?, ?>) ctx.bodyJson()).get("text") : null), maxLength);
            ctx.status(201).header("Location", ctx.uriFor("/api/notes/" + note.id()));
            return note;
        });
        // Answers later: waits until there are more notes than the client has seen, or 10 s pass.
        app.async(GET, "/api/notes/wait", ctx -> {
            Responder respond = ctx.respond();
            int seen = Integer.parseInt(ctx.request().queryParam("seen") == null ? "0" : ctx.request().queryParam("seen"));
            ctx.every(Duration.ofMillis(200), () -> {
                if (all.size() > seen) {
                    respond.send(new ArrayList<>(all.subList(seen, all.size())));
                }
            });
            ctx.after(Duration.ofSeconds(10), () -> respond.send(List.of()));
        });
        app.get("/api/notes/:id", ctx -> all.stream().filter(n -> String.valueOf(n.id()).equals(ctx.param("id")))
                .findFirst().orElseThrow(() -> new HttpException(404, "No note " + ctx.param("id") + ".")));

        // Error pages: a 404 is views/404.peb, in the layout; a malformed number, JSON.
        app.error(NumberFormatException.class, (ctx, e) -> {
            ctx.status(400);
            return Map.of("error", "not a number");
        });
        return app;
    }

    // Where uploads are kept: notes.files in the configuration, else a directory of their own under the
    // system's temporary directory.
    private static Path fileDirectory(String configured) {
        try {
            return configured.isEmpty() ? Files.createTempDirectory("notes-files")
                    : Files.createDirectories(Path.of(configured));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the directory for uploads", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    private static Note add(List<Note> all, String author, String text, int maxLength) {
        if (text == null || text.isBlank() || text.equals("null")) {
            throw new HttpException(400, "A note needs some text.");
        }
        if (text.length() > maxLength) {
            throw new HttpException(400, "A note holds " + maxLength + " characters at most.");
        }
        synchronized (all) {
            Note note = new Note(all.size() + 1, author, text.strip(), Instant.now());
            all.add(note);
            return note;
        }
    }
}
