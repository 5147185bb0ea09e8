package dev.lindy.test.suite;

import static dev.lindy.http.Method.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.Settings;
import dev.lindy.test.PendingResponse;
import dev.lindy.test.RawConnection;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import dev.lindy.upload.Upload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads: multipart fields join the parameters, files reach {@code ctx.upload} in memory or in temporary
 * files, from a callback too; every limit answers with its status and reason; temporary files are gone once
 * the response is complete or the client left.
 */
public abstract class UploadSuite extends HostedSuite {
    private static final String BOUNDARY = "----LindyBoundary7MA4YWxk";
    private static final String TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    @TempDir
    Path temp;

    /** Creates the suite; a subclass names the host it runs on. */
    protected UploadSuite() {
    }

    /** A multipart body, built part by part. */
    static final class Form {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Form field(String name, String value) {
            return part("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n",
                    value.getBytes(StandardCharsets.UTF_8));
        }

        Form file(String name, String filename, String type, byte[] content) {
            return part("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n"
                    + "Content-Type: " + type + "\r\n\r\n", content);
        }

        private Form part(String head, byte[] content) {
            out.writeBytes(("--" + BOUNDARY + "\r\n" + head).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(content);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            whole.writeBytes(out.toByteArray());
            whole.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return whole.toByteArray();
        }
    }

    private Settings.Builder settings() {
        return Settings.builder().tempDir(temp).uploadMemoryBytes(1024);
    }

    private static TestResponse post(TestHost host, String path, byte[] body) {
        return host.client().post(path).header("Content-Type", TYPE).body(body).send();
    }

    private static byte[] bytes(int n, char c) {
        return String.valueOf(c).repeat(n).getBytes(StandardCharsets.UTF_8);
    }

    private long tempFiles() {
        try (Stream<Path> files = Files.list(temp)) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String tempNames() {
        try (Stream<Path> files = Files.list(temp)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.joining(", "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Temporary files are deleted off the answering thread, just after the answer: wait for it, boundedly.
    private void assertTempFilesGone() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (tempFiles() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, tempFiles(), "temporary files left: " + tempNames());
    }

    private static String describe(Upload u) throws IOException {
        return u.field() + ":" + u.filename() + ":" + u.safeFilename() + ":" + u.contentType() + ":" + u.size() + ":"
                + new String(u.bytes(), StandardCharsets.UTF_8).substring(0, (int) Math.min(5, u.size()));
    }

    @Test
    void fieldsJoinTheParametersAndFilesReachTheHandler() {
        App app = Lindy.app(settings().build());
        app.post("/notes", ctx -> {
            StringBuilder out = new StringBuilder(ctx.param("title") + "|" + ctx.paramValues("tag") + "|" + ctx.param("q"));
            for (Upload u : ctx.uploads()) {
                out.append('|').append(describe(u));
            }
            out.append('|').append(ctx.upload("missing"));
            return out.toString();
        });
        byte[] body = new Form().field("title", "Crème brûlée").field("tag", "a").field("tag", "b")
                .file("doc", "notes.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8))
                .file("doc", "../../etc/passwd", "application/octet-stream", "root:x".getBytes(StandardCharsets.UTF_8))
                .bytes();
        TestResponse r = post(serve(app), "/notes?q=from-query", body);
        assertEquals(200, r.status(), r.text());
        assertEquals("Crème brûlée|[a, b]|from-query|doc:notes.txt:notes.txt:text/plain:5:hello"
                + "|doc:../../etc/passwd:passwd:application/octet-stream:6:root:|null", r.text());
    }

    @Test
    void aLargeFileGoesToATemporaryFileThatIsGoneAfterTheAnswer() throws Exception {
        App app = Lindy.app(settings().build());
        Path kept = temp.resolveSibling(temp.getFileName() + "-kept");
        app.post("/photo", ctx -> {
            Upload photo = ctx.upload("photo");
            photo.copyTo(kept);
            try (var in = photo.inputStream()) {
                return photo.size() + " " + in.readAllBytes().length + " " + tempFiles();
            }
        });
        byte[] content = bytes(200_000, 'p');
        TestResponse r = post(serve(app), "/photo", new Form().file("photo", "big.jpg", "image/jpeg", content).bytes());
        assertEquals(200, r.status(), r.text());
        String[] parts = r.text().split(" ");
        assertEquals("200000", parts[0]);
        assertEquals("200000", parts[1]);
        assertTrue(Integer.parseInt(parts[2]) >= 1, "the file was on disk while the handler ran: " + r.text());
        assertEquals(200_000, Files.size(kept));
        Files.delete(kept);
        assertTempFilesGone();
    }

    @Test
    void uploadsWorkFromACallback() throws Exception {
        App app = Lindy.app(settings().build());
        CompletableFuture<Void> handled = new CompletableFuture<>();
        app.async(POST, "/later", ctx -> {
            Responder respond = ctx.respond();
            handled.complete(null);
            ctx.after(Duration.ofMillis(10), () -> respond.send(ctx.param("who") + " sent " + ctx.upload("f").size()
                    + " bytes named " + ctx.upload("f").safeFilename()));
        });
        TestHost host = serve(app);
        byte[] body = new Form().field("who", "ann").file("f", "a b.txt", "text/plain", bytes(5000, 'x')).bytes();
        // The body is read on a worker before the handler runs: time passes once the handler has run.
        PendingResponse pending = host.client().post("/later").header("Content-Type", TYPE).body(body).sendAsync();
        handled.get(10, TimeUnit.SECONDS);
        host.elapse(Duration.ofMillis(10));
        TestResponse r = pending.await();
        assertEquals("ann sent 5000 bytes named a b.txt", r.text());
        assertTempFilesGone();
    }

    @Test
    void eachLimitAnswersWithItsStatusAndReasonAndLeavesNoFile() throws Exception {
        App app = Lindy.app(settings().maxFileBytes(10_000).maxParts(3).build());
        app.post("/up", ctx -> "got " + ctx.uploads().size());
        app.get("/ok", ctx -> "still serving");
        TestHost host = serve(app);
        TestResponse big = post(host, "/up", new Form().file("small", "a", "text/plain", bytes(5000, 'a'))
                .file("photo", "b", "text/plain", bytes(20_000, 'b')).bytes());
        assertEquals(413, big.status());
        assertTrue(big.text().contains("photo") && big.text().contains("10000"), big.text());
        TestResponse many = post(host, "/up", new Form().field("a", "1").field("b", "2").field("c", "3").field("d", "4").bytes());
        assertEquals(413, many.status());
        assertTrue(many.text().contains("more than 3 parts"), many.text());
        String cut = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end in sight";
        TestResponse malformed = post(host, "/up", cut.getBytes(StandardCharsets.UTF_8));
        assertEquals(400, malformed.status());
        assertTrue(malformed.text().toLowerCase().contains("malformed"), malformed.text());
        assertEquals("still serving", host.client().get("/ok").send().text());
        assertTempFilesGone();
    }

    @Test
    void anUploadOverTheTotalLimitIs413AtOnce() throws Exception {
        Assumptions.assumeFalse(serve(Lindy.app()).hasVirtualClock(), "body limits belong to a server that reads bodies");
        App app = Lindy.app(settings().maxUploadBytes(50_000).build());
        app.post("/up", ctx -> "got " + ctx.uploads().size());
        TestHost host = serve(app);
        TestResponse declared = post(host, "/up", new Form().file("f", "a", "text/plain", bytes(60_000, 'a')).bytes());
        assertEquals(413, declared.status());
        assertTrue(declared.text().contains("upload") && declared.text().contains("50000"), declared.text());
        try (RawConnection c = RawConnection.to(host)) {
            c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Type: " + TYPE + "\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = "x".repeat(8000);
            for (int i = 0; i < 10; i++) {
                c.send(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
            }
            c.send("0\r\n\r\n");
            assertEquals(413, c.read().status());
        } catch (IOException e) {
            // A server may close the connection as soon as it refused, before the rest is sent.
            assertTrue(e.getMessage() != null, e.toString());
        }
        assertTempFilesGone();
    }

    @Test
    void aClientLeavingMidUploadLeavesNoTemporaryFile() throws Exception {
        Assumptions.assumeFalse(serve(Lindy.app()).hasVirtualClock(), "a client leaving needs a real connection");
        App app = Lindy.app(settings().build());
        app.post("/up", ctx -> "got " + ctx.uploads().size());
        TestHost host = serve(app);
        byte[] body = new Form().file("f", "big.bin", "application/octet-stream", bytes(2_000_000, 'z')).bytes();
        try (RawConnection c = RawConnection.to(host)) {
            c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Type: " + TYPE + "\r\nContent-Length: " + body.length + "\r\n\r\n");
            c.send(new String(body, 0, 1_000_000, StandardCharsets.ISO_8859_1));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (tempFiles() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(tempFiles() > 0, "the first mebibyte is stored in a temporary file while the rest is awaited");
        }
        assertTempFilesGone();
    }

    @Test
    void uploadsPastTheDiskLimitOfAllRequestsAre503() throws Exception {
        Assumptions.assumeFalse(serve(Lindy.app()).hasVirtualClock(), "the disk limit belongs to a server that stores bodies");
        App app = Lindy.app(settings().maxUploadDiskBytes(100_000).build());
        app.post("/up", ctx -> "got " + ctx.uploads().size());
        TestHost host = serve(app);
        TestResponse big = post(host, "/up", new Form().file("f", "a", "text/plain", bytes(200_000, 'a')).bytes());
        assertEquals(503, big.status());
        assertTempFilesGone();
        TestResponse small = post(host, "/up", new Form().file("f", "a", "text/plain", bytes(50_000, 'a')).bytes());
        assertEquals("got 1", small.text(), "the bytes of the refused upload were counted out");
        assertTempFilesGone();
    }
}
