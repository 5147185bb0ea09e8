package dev.lindy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB upload to a server with a 128 MiB heap, in its own JVM: the body goes to disk as it arrives and
 * the live heap stays within a few MiB of what the idle server holds. Bounded: one upload over loopback.
 */
class UploadMemoryTest {
    private static final long FILE = 1L << 30;
    private static final String BOUNDARY = "LindyMemoryBoundary";

    @TempDir
    Path temp;

    @Test
    void aGibibyteUploadKeepsTheHeapFlat() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process server = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                UploadServer.class.getName(), temp.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            while (line != null && !line.startsWith("PORT ")) {
                line = out.readLine();
            }
            assertNotNull(line, "the server did not start");
            int port = Integer.parseInt(line.substring(5).trim());
            long idle = heap(port);
            assertEquals("big.bin " + FILE, upload(port));
            long during = heap(port);
            long grown = during - idle;
            System.out.printf("upload of 1 GiB: live heap %.1f MiB idle, %.1f MiB at most during (+%.1f MiB)%n",
                    idle / 1048576.0, during / 1048576.0, grown / 1048576.0);
            assertTrue(grown < 16L << 20, "the upload kept " + grown + " bytes of heap");
            assertEquals(0, filesLeft(), "temporary files are deleted after the answer");
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    // The files go off the loop once the exchange ends, on a thread of their own: unlinking a gibibyte can
    // take a while on a busy disk, so they get up to 30 s.
    private long filesLeft() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (;;) {
            long count;
            try (Stream<Path> left = Files.list(temp)) {
                count = left.count();
            }
            if (count == 0 || System.nanoTime() - deadline > 0) {
                return count;
            }
            Thread.sleep(50);
        }
    }

    private static long heap(int port) throws IOException {
        try (RawConnection c = new RawConnection(port)) {
            return Long.parseLong(c.send("GET /heap HTTP/1.1\r\nHost: x\r\n\r\n").read().body());
        }
    }

    private static String upload(int port) throws IOException {
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nbig.bin\r\n--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
        long length = head.length + FILE + tail.length;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(120_000);
            OutputStream o = socket.getOutputStream();
            o.write(("POST /up HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY
                    + "\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            o.write(head);
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'x');
            for (long sent = 0; sent < FILE; sent += chunk.length) {
                o.write(chunk);
            }
            o.write(tail);
            o.flush();
            String response = new String(socket.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }
}
