package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sendFile: a file of public/, any file as a download, bytes as a file; from timers; ranges and 304 apply. */
public abstract class SendFileSuite extends HostedSuite {
    @TempDir
    Path dir;

    /** Creates the suite; a subclass names the host it runs on. */
    protected SendFileSuite() {
    }

    private App app() throws IOException {
        Files.createDirectories(dir.resolve("public/docs"));
        Files.writeString(dir.resolve("public/docs/guide.txt"), "read me first");
        Files.writeString(dir.resolve("report.csv"), "a,b\n1,2\n");
        return Lindy.app(Settings.builder().appDir(dir).build());
    }

    @Test
    void aPublicFileIsSentFromATimer() throws IOException {
        App app = app();
        app.async(GET, "/guide", ctx -> {
            ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> ctx.sendFile("/docs/guide.txt"));
        });
        app.async(GET, "/missing", ctx -> {
            ctx.respond();
            ctx.after(Duration.ofMillis(10), () -> ctx.sendFile("/docs/none.txt"));
        });
        TestHost host = serve(app);
        TestResponse r = elapse(host, host.client().get("/guide"), Duration.ofMillis(10));
        assertEquals("read me first", r.text());
        assertMediaType("text/plain; charset=utf-8", r.header("Content-Type"));
        assertEquals(404, elapse(host, host.client().get("/missing"), Duration.ofMillis(10)).status());
        TestResponse part = elapse(host, host.client().get("/guide").header("Range", "bytes=8-"), Duration.ofMillis(10));
        assertEquals(206, part.status());
        assertEquals("first", part.text());
    }

    @Test
    void anyFileGoesAsADownloadUnderItsNameInUtf8Too() throws IOException {
        App app = app();
        Path report = dir.resolve("report.csv");
        app.get("/report", ctx -> ctx.sendFile(report, "rapport d'été \"2026\".csv"));
        TestResponse r = serve(app).client().get("/report").send();
        assertEquals("a,b\n1,2\n", r.text());
        String disposition = r.header("Content-Disposition");
        assertTrue(disposition.startsWith("attachment; filename=\"rapport d'_t_ _2026_.csv\""), disposition);
        assertTrue(disposition.contains("filename*=UTF-8''rapport%20d%27%C3%A9t%C3%A9%20%222026%22.csv"), disposition);
    }

    @Test
    void bytesGoAsAFileWithAnEtagAndRanges() throws IOException {
        App app = app();
        byte[] csv = "x,y\n3,4\n".getBytes(StandardCharsets.UTF_8);
        app.get("/export", ctx -> ctx.sendFile(csv, "csv", "export.csv"));
        TestHost host = serve(app);
        TestResponse r = host.client().get("/export").send();
        assertEquals("x,y\n3,4\n", r.text());
        assertMediaType("text/csv; charset=utf-8", r.header("Content-Type"));
        assertEquals(304, host.client().get("/export").header("If-None-Match", r.header("ETag")).send().status());
        assertEquals("3,4", host.client().get("/export").header("Range", "bytes=4-6").send().text());
    }

    @Test
    void sendFileByNameKeepsTheRulesOfStaticFiles() throws IOException {
        Path pub = Files.createDirectories(dir.resolve("public"));
        Files.writeString(pub.resolve("hello.txt"), "hello");
        Files.writeString(pub.resolve(".env"), "SECRET=1");
        App app = Lindy.app(Settings.builder().appDir(dir).build());
        app.get("/sf", ctx -> ctx.sendFile(ctx.param("p")));
        TestHost host = serve(app);
        assertEquals("hello", host.client().get("/sf?p=hello.txt").send().text());
        for (String p : new String[] {".env", "/.env", "sub/../.env", "hello.txt%00", "../outside", "nothing.txt"}) {
            TestResponse r = host.client().get("/sf?p=" + p).send();
            assertEquals(404, r.status(), p + ": " + r.text());
            assertTrue(!r.text().contains("SECRET"), p);
        }
    }
}
