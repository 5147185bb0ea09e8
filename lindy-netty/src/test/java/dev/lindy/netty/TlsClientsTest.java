package dev.lindy.netty;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.netty.internal.DevCertificate;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What reaches the TLS port that is not a TLS client, and a TLS port beside a Unix socket. */
class TlsClientsTest {
    @TempDir
    Path dir;

    /** Plain HTTP to the TLS port is not served, and twenty such connections are not twenty warnings. */
    @Test
    void plainHttpToTheTlsPort() throws Exception {
        DevCertificate a = DevCertificate.create(dir.resolve("a"));
        App app = Lindy.app();
        app.get("/hello", ctx -> "hello");
        Settings s = app.settings().newBuilder().host("127.0.0.1").port(0).tls(a.certificate(), a.key()).build();
        NettyServer server = NettyServer.start(app.handler(), s);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            for (int i = 0; i < 20; i++) {
                try (Socket sock = new Socket("127.0.0.1", server.port())) {
                    sock.setSoTimeout(5000);
                    sock.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] r = sock.getInputStream().readNBytes(200);
                    assertFalse(new String(r, StandardCharsets.ISO_8859_1).contains("hello"), "served over plain HTTP");
                }
            }
        } finally {
            System.setErr(err);
            server.stop(Duration.ofSeconds(1));
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        long warns = log.lines().filter(l -> l.contains("WARN")).count();
        long lines = log.lines().count();
        System.err.println("PROBE plaintext-to-TLS: 20 connections -> " + warns + " WARN lines, " + lines + " log lines; first: "
                + log.lines().limit(3).reduce("", (x, y) -> x + "\n    " + y));
        assertTrue(warns <= 2, warns + " WARN log entries for 20 plaintext connections");
    }

    @Test
    void aUnixSocketWithATlsPortIsRefusedClearly() throws Exception {
        DevCertificate a = DevCertificate.create(dir.resolve("a"));
        App app = Lindy.app();
        Settings s = app.settings().newBuilder().host("unix:" + dir.resolve("app.sock")).tls(a.certificate(), a.key()).tlsPort(0).build();
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> NettyServer.start(app.handler(), s));
        assertTrue(e.getMessage().contains("tls.port needs a network host"), e.getMessage());
    }

    /** A refusal over TLS reaches a client still sending more body than the socket buffers hold. */
    @Test
    void aRefusalOverTlsReachesAClientStillSending() throws Exception {
        DevCertificate a = DevCertificate.create(dir.resolve("a"));
        App app = Lindy.app(Settings.builder().maxBodyBytes(1024).build());
        app.post("/", ctx -> "posted");
        Settings s = app.settings().newBuilder().host("127.0.0.1").port(0).tls(a.certificate(), a.key()).build();
        NettyServer server = NettyServer.start(app.handler(), s);
        try (SSLSocket sock = (SSLSocket) TrustingTls.context().getSocketFactory().createSocket("127.0.0.1", server.port())) {
            sock.setSoTimeout(10_000);
            OutputStream out = sock.getOutputStream();
            out.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 16777216\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] piece = new byte[64 * 1024];
            for (int i = 0; i < 256; i++) {
                out.write(piece);
            }
            String answer = new String(sock.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
            assertTrue(answer.endsWith("1024 bytes.\n"), answer);
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }
}
