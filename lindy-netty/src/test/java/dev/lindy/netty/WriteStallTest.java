package dev.lindy.netty;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole answer, a file from disk here, whose client stops reading ends at the write timeout: the
 * connection and the open file are let go, not held as long as the client likes.
 */
class WriteStallTest {
    private static final long SIZE = 32L << 20;

    @TempDir
    Path dir;

    @Test
    void aDownloadToAClientThatStopsReadingEndsAtTheWriteTimeout() throws Exception {
        Path pub = Files.createDirectories(dir.resolve("public"));
        try (RandomAccessFile big = new RandomAccessFile(pub.resolve("big.bin").toFile(), "rw")) {
            big.setLength(SIZE);
        }
        App app = Lindy.app(Settings.builder().appDir(dir).writeTimeout(Duration.ofSeconds(1))
                .idleTimeout(Duration.ofSeconds(1)).headerTimeout(Duration.ofSeconds(1)).build());
        try (Served s = Served.start(app); Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", s.port()), 5000);
            socket.getOutputStream().write("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            // The client stalls for three times the write timeout: this stall is what is tested.
            Thread.sleep(3000);
            socket.setSoTimeout(10_000);
            long read = 0;
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                read += n;
            }
            assertTrue(read < SIZE, "the server gave up on the stalled client after " + read + " bytes");
        }
    }
}
