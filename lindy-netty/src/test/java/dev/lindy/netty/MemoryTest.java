package dev.lindy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Memory a client controls, measured where it shows: a server in its own JVM with a 128 MiB heap.
 * Bounded: 300 connections, one process, a few seconds.
 */
class MemoryTest {
    private static final int CLIENTS = 300;

    @Test
    void threeHundredClientsPromisingTenMebibyteBodiesCannotExhaustA128MiBHeap() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process server = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                HelloServer.class.getName()).redirectErrorStream(true).start();
        List<RawConnection> promises = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            while (line != null && !line.startsWith("PORT ")) {
                line = out.readLine();
            }
            assertNotNull(line, "the server did not start");
            int port = Integer.parseInt(line.substring(5).trim());
            for (int i = 0; i < CLIENTS; i++) {
                RawConnection c = new RawConnection(port);
                promises.add(c);
                c.send("POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\nx");
            }
            try (RawConnection c = new RawConnection(port)) {
                RawConnection.RawResponse r = c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals(200, r.status());
                assertEquals("hello", r.body());
            }
            // Every promise is still being received, the last ones too: a few of them complete, whole.
            String rest = "y".repeat(10 * 1024 * 1024 - 1);
            for (int i = 0; i < 3; i++) {
                RawConnection.RawResponse r = promises.get(CLIENTS - 1 - i).send(rest).read();
                assertEquals("posted 10485760", r.body());
            }
        } finally {
            for (RawConnection c : promises) {
                c.close();
            }
            server.getOutputStream().close();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }
}
