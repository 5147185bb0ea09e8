package dev.lindy.test.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.test.RawConnection;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static files of {@code public/}: served for GET and HEAD before routes, with validators, conditional
 * requests and ranges; other methods fall through; nothing outside the directory, no dot files.
 */
public abstract class StaticFilesSuite extends HostedSuite {
    @TempDir
    Path dir;

    /** Creates the suite; a subclass names the host it runs on. */
    protected StaticFilesSuite() {
    }

    private App app(Settings.Builder settings) throws IOException {
        Path pub = Files.createDirectories(dir.resolve("public"));
        Files.createDirectories(pub.resolve("css"));
        Files.writeString(pub.resolve("css/site.css"), "body { color: teal; }\n");
        Files.writeString(pub.resolve("hello.txt"), "0123456789");
        Files.createDirectories(pub.resolve("docs"));
        Files.writeString(pub.resolve("docs/index.html"), "<h1>docs</h1>");
        Files.writeString(pub.resolve(".env"), "SECRET=1");
        Files.createDirectories(pub.resolve(".git"));
        Files.writeString(pub.resolve(".git/config"), "[core]");
        Files.writeString(dir.resolve("outside.txt"), "not public");
        App app = Lindy.app(settings.appDir(dir).build());
        app.get("/hello.txt", ctx -> "the route");
        app.post("/hello.txt", ctx -> "posted to the route");
        app.get("/api", ctx -> "api");
        return app;
    }

    private static int status(TestHost host, String target) throws IOException {
        if (host.hasVirtualClock()) {
            return host.client().get(target).send().status();
        }
        try (RawConnection c = RawConnection.to(host)) {
            return c.send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read().status();
        }
    }

    @Test
    void aFileIsServedBeforeTheRoutesWithItsTypeAndValidators() throws IOException {
        TestHost host = serve(app(Settings.builder().staticCacheControl("public, max-age=60")));
        TestResponse css = host.client().get("/css/site.css").send();
        assertEquals(200, css.status());
        assertEquals("body { color: teal; }\n", css.text());
        assertMediaType("text/css; charset=utf-8", css.header("Content-Type"));
        assertNotNull(css.header("Last-Modified"));
        assertTrue(css.header("ETag").startsWith("\""), css.header("ETag"));
        assertEquals("bytes", css.header("Accept-Ranges"));
        assertEquals("public, max-age=60", css.header("Cache-Control"));
        assertEquals("0123456789", host.client().get("/hello.txt").send().text(), "the file did not come before the route");
        assertEquals("<h1>docs</h1>", host.client().get("/docs/").send().text());
        assertEquals("api", host.client().get("/api").send().text());
    }

    @Test
    void otherMethodsOnAStaticPathFallThroughToTheRoutes() throws IOException {
        TestHost host = serve(app(Settings.builder()));
        assertEquals("posted to the route", host.client().post("/hello.txt").send().text());
        assertEquals(404, host.client().put("/css/site.css").send().status());
    }

    @Test
    void validatorsAnswer304() throws IOException {
        TestHost host = serve(app(Settings.builder()));
        TestResponse first = host.client().get("/hello.txt").send();
        TestResponse byEtag = host.client().get("/hello.txt").header("If-None-Match", first.header("ETag")).send();
        assertEquals(304, byEtag.status());
        assertEquals("", byEtag.text());
        assertEquals(first.header("ETag"), byEtag.header("ETag"));
        TestResponse byDate = host.client().get("/hello.txt").header("If-Modified-Since", first.header("Last-Modified")).send();
        assertEquals(304, byDate.status());
        assertEquals(200, host.client().get("/hello.txt").header("If-None-Match", "\"other\"").send().status());
    }

    @Test
    void oneRangeIs206APastTheEndRangeIs416AndSeveralGetTheWhole() throws IOException {
        TestHost host = serve(app(Settings.builder()));
        TestResponse part = host.client().get("/hello.txt").header("Range", "bytes=2-4").send();
        assertEquals(206, part.status());
        assertEquals("234", part.text());
        assertEquals("bytes 2-4/10", part.header("Content-Range"));
        assertEquals("789", host.client().get("/hello.txt").header("Range", "bytes=-3").send().text());
        assertEquals("56789", host.client().get("/hello.txt").header("Range", "bytes=5-").send().text());
        TestResponse past = host.client().get("/hello.txt").header("Range", "bytes=10-20").send();
        assertEquals(416, past.status());
        assertEquals("bytes */10", past.header("Content-Range"));
        assertEquals(200, host.client().get("/hello.txt").header("Range", "bytes=0-1,3-4").send().status());
        String etag = host.client().get("/hello.txt").send().header("ETag");
        assertEquals(206, host.client().get("/hello.txt").header("Range", "bytes=0-1").header("If-Range", etag).send().status());
        assertEquals(200, host.client().get("/hello.txt").header("Range", "bytes=0-1").header("If-Range", "\"old\"").send().status());
    }

    @Test
    void headGetsTheHeadersAndNoBody() throws IOException {
        TestHost host = serve(app(Settings.builder()));
        TestResponse head = host.client().head("/hello.txt").send();
        assertEquals(200, head.status());
        assertEquals("10", head.header("Content-Length"));
        assertEquals("", head.text());
    }

    @Test
    void nothingOutsideThePublicDirectoryAndNoDotFilesAreServed() throws IOException {
        App app = app(Settings.builder());
        Path link = dir.resolve("public/leak.txt");
        try {
            Files.createSymbolicLink(link, dir.resolve("outside.txt"));
        } catch (UnsupportedOperationException | IOException e) {
            link = null;
        }
        TestHost host = serve(app);
        for (String target : new String[] {"/../outside.txt", "/%2e%2e/outside.txt", "/css/..%2f..%2foutside.txt",
                "/css\\..\\..\\outside.txt", "/hello.txt%00.css", "//etc/passwd", "/.env", "/.git/config", "/%2eenv"}) {
            int s = status(host, target);
            assertTrue(s == 400 || s == 404, target + " answered " + s);
        }
        if (link != null) {
            assertEquals(404, host.client().get("/leak.txt").send().status(), "a link out of public/ was followed");
        }
    }

    @Test
    void dotFilesAreServedWhenTheSettingsSaySo() throws IOException {
        TestHost host = serve(app(Settings.builder().serveDotfiles(true)));
        assertEquals("SECRET=1", host.client().get("/.env").send().text());
    }

    @Test
    void aPrecompressedSiblingGoesToAClientThatTakesIt() throws IOException {
        App app = app(Settings.builder());
        byte[] gz;
        try (java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                GZIPOutputStream zip = new GZIPOutputStream(bytes)) {
            zip.write("body { color: teal; }\n".getBytes(StandardCharsets.UTF_8));
            zip.finish();
            gz = bytes.toByteArray();
        }
        Files.write(dir.resolve("public/css/site.css.gz"), gz);
        TestHost host = serve(app);
        TestResponse zipped = host.client().get("/css/site.css").header("Accept-Encoding", "gzip").send();
        assertEquals("gzip", zipped.header("Content-Encoding"));
        assertEquals(gz.length, zipped.bytes().length);
        assertMediaType("text/css; charset=utf-8", zipped.header("Content-Type"));
        assertTrue(zipped.header("Vary").contains("Accept-Encoding"));
        TestResponse plain = host.client().get("/css/site.css").header("Accept-Encoding", "identity").send();
        assertNull(plain.header("Content-Encoding"));
        assertEquals("body { color: teal; }\n", plain.text());
    }

    @Test
    void aFileAddedWhileServingIsServed() throws Exception {
        TestHost host = serve(app(Settings.builder()));
        Files.writeString(dir.resolve("public/new.txt"), "fresh");
        int status = 0;
        for (int i = 0; i < 100 && status != 200; i++) {
            status = host.client().get("/new.txt").send().status();
            if (status != 200) {
                Thread.sleep(100);
            }
        }
        assertEquals(200, status, "a file added after the start was never served");
    }

    @Test
    void withoutAPublicDirectoryNothingIsStatic() {
        App app = Lindy.app(Settings.builder().appDir(dir).build());
        app.get("/hello.txt", ctx -> "the route");
        assertEquals("the route", serve(app).client().get("/hello.txt").send().text());
    }

    @Test
    void thePublicDirectorysErrorPagesAreUsed() throws IOException {
        App app = app(Settings.builder());
        Files.writeString(dir.resolve("public/404.html"), "<p>lost?</p>");
        TestResponse r = serve(app).client().get("/nowhere").send();
        assertEquals(404, r.status());
        assertEquals("<p>lost?</p>", r.text());
    }

    @Test
    void aPrecompressedSiblingThatLeadsOutsideIsNeverServed() throws IOException {
        App app = app(Settings.builder());
        Path pub = dir.resolve("public");
        Files.writeString(dir.resolve("secret.gz"), "not public either");
        Files.createSymbolicLink(pub.resolve("hello.txt.gz"), dir.resolve("secret.gz"));
        TestResponse r = serve(app).client().get("/hello.txt").header("Accept-Encoding", "gzip").send();
        assertEquals("0123456789", r.text());
        assertNull(r.header("Content-Encoding"));
    }

    @Test
    void aSymlinkedPublicDirectoryIsServed() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("assets"));
        Files.writeString(elsewhere.resolve("x.txt"), "from the link");
        Files.createSymbolicLink(dir.resolve("public"), elsewhere);
        TestHost host = serve(Lindy.app(Settings.builder().appDir(dir).build()));
        assertEquals("from the link", host.client().get("/x.txt").send().text());
    }

    @Test
    void staticFilesDoNotWaitForTheSessionStore() throws IOException {
        dev.lindy.session.SessionStore stuck = new dev.lindy.session.SessionStore() {
            @Override
            public java.util.concurrent.CompletionStage<dev.lindy.session.SessionData> load(String cookieValue) {
                return new java.util.concurrent.CompletableFuture<>();
            }

            @Override
            public java.util.concurrent.CompletionStage<String> create(dev.lindy.session.SessionData session, String replaced,
                    java.time.Duration idleTimeout) {
                return new java.util.concurrent.CompletableFuture<>();
            }

            @Override
            public java.util.concurrent.CompletionStage<String> save(dev.lindy.session.SessionData session,
                    dev.lindy.session.SessionChanges changes, java.time.Duration idleTimeout) {
                return new java.util.concurrent.CompletableFuture<>();
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> delete(String id) {
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }
        };
        App app = app(Settings.builder().sessionStore(stuck));
        app.after((ctx, response) -> ctx.session().get("user") == null ? response : response);
        TestResponse r = serve(app).client().get("/css/site.css").header("Cookie", "lindy.session=abc").send();
        assertEquals(200, r.status());
        assertEquals("body { color: teal; }\n", r.text());
    }

    @Test
    void rangesThatAreNotByteRangesAreIgnoredAndAnEmptyFileHasNone() throws IOException {
        App app = app(Settings.builder());
        Files.writeString(dir.resolve("public/empty.txt"), "");
        TestHost host = serve(app);
        for (String range : new String[] {"bytes=--3", "bytes=+1-+2", "bytes=a-b", "bytes=-"}) {
            TestResponse r = host.client().get("/hello.txt").header("Range", range).send();
            assertEquals(200, r.status(), range);
            assertEquals("0123456789", r.text(), range);
        }
        TestResponse empty = host.client().get("/empty.txt").header("Range", "bytes=-5").send();
        assertEquals(416, empty.status());
        assertEquals("bytes */0", empty.header("Content-Range"));
    }
}
