package dev.lindy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.lindy.App;
import dev.lindy.Lindy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Validators and HEAD under compression. */
class CompressionValidatorsTest {
    private static final String PAGE = "lorem ipsum dolor sit amet ".repeat(200);

    @Test
    void aStrongEtagIsNotSharedByTheGzipAndIdentityRepresentations() throws Exception {
        App app = Lindy.app();
        app.get("/doc", ctx -> ctx.sendFile(PAGE.getBytes(StandardCharsets.UTF_8), "text/plain", null));
        try (Served s = Served.start(app); RawConnection c = s.connect()) {
            RawConnection.RawResponse gz = c.send("GET /doc HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n").read();
            RawConnection.RawResponse plain = c.send("GET /doc HTTP/1.1\r\nHost: x\r\n\r\n").read();
            RawConnection.RawResponse range = c.send("GET /doc HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nRange: bytes=0-9\r\nIf-Range: "
                    + gz.headers().get("etag") + "\r\n\r\n").read();
            RawConnection.RawResponse head = c.send("HEAD /doc HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n").read(true);
            assertEquals("gzip", gz.headers().get("content-encoding"));
            assertEquals(200, range.status(), "If-Range with the compressed copy's validator must not give a range");
            assertEquals("gzip", head.headers().get("content-encoding"));
            assertEquals(gz.headers().get("content-length"), head.headers().get("content-length"));
            assertNotEquals(gz.headers().get("etag"), plain.headers().get("etag"),
                    "gzip and identity bodies carry the same strong ETag");
        }
    }
}
