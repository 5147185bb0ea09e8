package dev.lindy.netty;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.github.luben.zstd.ZstdInputStream;
import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.StreamWriter;
import dev.lindy.http.Headers;
import dev.lindy.http.Response;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Response compression: negotiated, only where it helps, never where it would harm (ranges, files from
 * disk, bodies already encoded), and never holding a stream's chunks back.
 */
class CompressionTest {
    private static final String PAGE = "<p>" + "Lindy compresses text. ".repeat(200) + "</p>";

    @TempDir
    Path temp;

    @BeforeAll
    static void loadBrotli() {
        // The test's own decoder needs the native library the server found.
        Brotli4jLoader.ensureAvailability();
    }

    private static HttpURLConnection get(Served s, String path, String acceptEncoding) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + s.port() + path).toURL().openConnection();
        if (acceptEncoding != null) {
            c.setRequestProperty("Accept-Encoding", acceptEncoding);
        }
        c.setReadTimeout(10_000);
        return c;
    }

    private static String text(HttpURLConnection c) throws IOException {
        InputStream in = c.getInputStream();
        String coding = c.getHeaderField("Content-Encoding");
        try (InputStream body = decoded(in, coding)) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream decoded(InputStream in, String coding) throws IOException {
        if (coding == null) {
            return in;
        }
        switch (coding) {
            case "gzip":
                return new GZIPInputStream(in);
            case "deflate":
                return new InflaterInputStream(in);
            case "br":
                return new BrotliChunks(in);
            case "zstd":
                return new ZstdInputStream(in);
            default:
                throw new AssertionError("an unknown coding: " + coding);
        }
    }

    // Reads exactly n bytes as they come: a reader's own buffering would wait for more than was sent.
    private static String read(InputStream in, int n) throws IOException {
        byte[] bytes = new byte[n];
        int got = 0;
        while (got < n) {
            int r = in.read(bytes, got, n - got);
            if (r < 0) {
                break;
            }
            got += r;
        }
        return new String(bytes, 0, got, StandardCharsets.UTF_8);
    }

    private App app() throws IOException {
        Path file = Files.writeString(temp.resolve("notes.txt"), PAGE);
        App app = Lindy.app();
        app.get("/page", ctx -> PAGE);
        app.get("/small", ctx -> "tiny");
        app.get("/png", ctx -> Response.of(200, Headers.of("Content-Type", "image/png"), PAGE.getBytes(StandardCharsets.UTF_8)));
        app.get("/encoded", ctx -> Response.of(200, Headers.of("Content-Type", "text/plain", "Content-Encoding", "br"),
                PAGE.getBytes(StandardCharsets.UTF_8)));
        app.get("/file", ctx -> ctx.sendFile(file));
        return app;
    }

    @Test
    void aTextAnswerIsCompressedAsTheClientPrefers() throws Exception {
        try (Served s = Served.start(app())) {
            for (String[] c : new String[][] {{"gzip", "gzip"}, {"deflate", "deflate"}, {"br", "br"}, {"zstd", "zstd"},
                    {"gzip, deflate, br, zstd", "br"}, {"br;q=0.5, zstd, gzip;q=0.9", "zstd"}, {"x-gzip, br;q=0", "gzip"},
                    {"gzip;q=0.2, deflate", "deflate"}, {"*", "br"}, {"*;q=0.1, gzip", "gzip"}}) {
                HttpURLConnection r = get(s, "/page", c[0]);
                assertEquals(c[1], r.getHeaderField("Content-Encoding"), c[0]);
                assertEquals("Accept-Encoding", r.getHeaderField("Vary"));
                assertTrue(r.getContentLength() < PAGE.length() / 5, "compressed to " + r.getContentLength());
                assertEquals(PAGE, text(r));
            }
        }
    }

    @Test
    void whereCompressionWouldNotHelpOrWouldHarmTheBodyGoesAsItIs() throws Exception {
        try (Served s = Served.start(app())) {
            for (String[] c : new String[][] {{"/page", "identity"}, {"/page", "gzip;q=0"}, {"/page", null}, {"/small", "gzip"},
                    {"/png", "gzip"}, {"/file", "gzip"}}) {
                HttpURLConnection r = get(s, c[0], c[1]);
                assertNull(r.getHeaderField("Content-Encoding"), c[0] + " " + c[1]);
                assertEquals(c[0].equals("/small") ? "tiny" : PAGE, text(r));
            }
            HttpURLConnection encoded = get(s, "/encoded", "gzip");
            assertEquals("br", encoded.getHeaderField("Content-Encoding"), "a body already encoded is left alone");
            HttpURLConnection range = get(s, "/file", "gzip");
            range.setRequestProperty("Range", "bytes=0-9");
            assertEquals(206, range.getResponseCode());
            assertNull(range.getHeaderField("Content-Encoding"));
            assertEquals(PAGE.substring(0, 10), text(range));
        }
    }

    /** An event stream that writes its first event, hands its writer over, and tells when the client left. */
    private static App firstEventThenWait(CompletableFuture<StreamWriter> writer, CompletableFuture<Void> left) {
        App app = Lindy.app();
        app.async(GET, "/events", ctx -> {
            ctx.contentType("text/event-stream");
            ctx.onClose(() -> left.complete(null));
            StreamWriter out = ctx.respond().stream();
            out.write("data: first\n\n");
            writer.complete(out);
        });
        return app;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "br", "zstd"})
    void eachChunkOfACompressedStreamArrivesAtOnce(String coding) throws Exception {
        CompletableFuture<StreamWriter> writer = new CompletableFuture<>();
        try (Served s = Served.start(firstEventThenWait(writer, new CompletableFuture<>()))) {
            HttpURLConnection r = get(s, "/events", coding);
            assertEquals(coding, r.getHeaderField("Content-Encoding"));
            try (InputStream events = decoded(r.getInputStream(), coding)) {
                // The second event is written only once the first has been read: nothing may wait for more.
                assertEquals("data: first\n\n", read(events, 13));
                StreamWriter out = writer.get(10, TimeUnit.SECONDS);
                out.write("data: second\n\n");
                assertEquals("data: second\n\n", read(events, 14));
                out.close();
                assertEquals(-1, events.read(), "the stream ends whole, its trailer checked");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "br", "zstd"})
    void aClientThatLeavesMidStreamFreesItsCompressor(String coding) throws Exception {
        CompletableFuture<StreamWriter> writer = new CompletableFuture<>();
        CompletableFuture<Void> left = new CompletableFuture<>();
        try (Served s = Served.start(firstEventThenWait(writer, left))) {
            HttpURLConnection r = get(s, "/events", coding);
            assertEquals(coding, r.getHeaderField("Content-Encoding"));
            try (InputStream events = decoded(r.getInputStream(), coding)) {
                assertEquals("data: first\n\n", read(events, 13));
            }
            r.disconnect();
            left.get(10, TimeUnit.SECONDS);
            // Native compressors (zstd, brotli) hold memory no collector frees: the stream's must be ended.
            Object body = field(field(writer.get(10, TimeUnit.SECONDS), "flow"), "body");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (field(body, "compressor") != null && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertNull(field(body, "compressor"), "the compressor outlived its client");
        }
    }

    @Test
    void aHeadOfAStreamedRouteGetsTheHeadersItsGetWould() throws Exception {
        App app = Lindy.app();
        app.async(GET, "/events", ctx -> {
            ctx.contentType("text/event-stream");
            StreamWriter out = ctx.respond().stream();
            out.write("data: first\n\n");
            out.close();
        });
        try (Served s = Served.start(app)) {
            HttpURLConnection head = get(s, "/events", "br");
            head.setRequestMethod("HEAD");
            assertEquals(200, head.getResponseCode());
            assertEquals("br", head.getHeaderField("Content-Encoding"));
            assertEquals("Accept-Encoding", head.getHeaderField("Vary"));
        }
    }

    @Test
    void anAcceptEncodingOfNothingButSeparatorsIsAnsweredAsItIs() throws Exception {
        try (Served s = Served.start(app())) {
            for (String odd : new String[] {";", ";;", "gzip,;", ", ;q=1", "gzip;q=1.0001", "gzip;q=Infinity"}) {
                HttpURLConnection r = get(s, "/page", odd);
                assertEquals(200, r.getResponseCode(), odd);
                assertEquals(odd.equals("gzip,;") ? "gzip" : null, r.getHeaderField("Content-Encoding"), odd);
                assertEquals(PAGE, text(r), odd);
            }
        }
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(o);
            } catch (NoSuchFieldException e) {
                // Declared higher up.
            }
        }
        throw new NoSuchFieldException(name);
    }

    /**
     * Decodes brotli as its bytes come: brotli4j's own stream waits to fill its buffer, so it would wait for the
     * next chunk before handing on this one.
     */
    private static final class BrotliChunks extends InputStream {
        private final InputStream in;
        private final DecoderJNI.Wrapper decoder;
        private final byte[] buffer = new byte[8192];
        private ByteBuffer decoded = ByteBuffer.allocate(0);

        BrotliChunks(InputStream in) throws IOException {
            this.in = in;
            this.decoder = new DecoderJNI.Wrapper(buffer.length);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (!decoded.hasRemaining()) {
                if (decoder.hasOutput() || decoder.getStatus() == DecoderJNI.Status.NEEDS_MORE_OUTPUT) {
                    decoded = decoder.pull();
                } else if (decoder.getStatus() == DecoderJNI.Status.DONE) {
                    return -1;
                } else if (decoder.getStatus() == DecoderJNI.Status.ERROR) {
                    throw new IOException("not a brotli stream");
                } else {
                    int n = in.read(buffer);
                    if (n < 0) {
                        throw new EOFException("the brotli stream was cut short");
                    }
                    decoder.getInputBuffer().clear();
                    decoder.getInputBuffer().put(buffer, 0, n);
                    decoder.push(n);
                }
            }
            int n = Math.min(len, decoded.remaining());
            decoded.get(b, off, n);
            return n;
        }

        @Override
        public void close() throws IOException {
            decoder.destroy();
            in.close();
        }
    }
}
