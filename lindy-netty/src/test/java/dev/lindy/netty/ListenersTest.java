package dev.lindy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.netty.internal.DevCertificate;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the server listens: HTTPS from PEM files, alone or beside plain HTTP on a second port, with a
 * development certificate made at start, and a Unix domain socket for a proxy on the same machine.
 */
class ListenersTest {
    @TempDir
    Path dir;

    private static App hello() {
        App app = Lindy.app();
        app.get("/hello", ctx -> "hello over " + ctx.request().scheme() + " " + ctx.request().version());
        return app;
    }

    private static HttpClient trustingClient(HttpClient.Version version) throws Exception {
        SSLContext tls = TrustingTls.context();
        return HttpClient.newBuilder().sslContext(tls).version(version).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void httpsFromPemFilesBesidePlainHttpOnASecondPort() throws Exception {
        DevCertificate cert = DevCertificate.create(dir);
        App app = hello();
        Settings s = app.settings().newBuilder().host("127.0.0.1").port(0).tls(cert.certificate(), cert.key()).tlsPort(0).build();
        NettyServer server = NettyServer.start(app.handler(), s);
        try {
            HttpClient client = trustingClient(HttpClient.Version.HTTP_2);
            assertEquals("hello over http HTTP/1.1", get(client, "http://127.0.0.1:" + server.port() + "/hello").body());
            HttpResponse<String> secure = get(client, "https://127.0.0.1:" + server.tlsPort() + "/hello");
            assertEquals("hello over https HTTP/2", secure.body());
            assertEquals(HttpClient.Version.HTTP_2, secure.version());
            HttpResponse<String> http11 = get(trustingClient(HttpClient.Version.HTTP_1_1),
                    "https://127.0.0.1:" + server.tlsPort() + "/hello");
            assertEquals("hello over https HTTP/1.1", http11.body());
        } finally {
            server.stop(Duration.ofSeconds(1));
            app.stop();
        }
    }

    @Test
    void aDevelopmentCertificateIsMadeAtStart() throws Exception {
        App app = hello();
        NettyServer server = NettyServer.start(app.handler(),
                app.settings().newBuilder().host("127.0.0.1").port(0).devTls(true).build());
        try {
            assertEquals("hello over https HTTP/2",
                    get(trustingClient(HttpClient.Version.HTTP_2), "https://127.0.0.1:" + server.port() + "/hello").body());
        } finally {
            server.stop(Duration.ofSeconds(1));
            app.stop();
        }
    }

    @Test
    void aMissingKeyIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.builder().tlsCertificate(dir.resolve("cert.pem")).build());
        assertTrue(e.getMessage().contains("tls.key"), e.getMessage());
        Settings broken = Settings.builder().host("127.0.0.1").port(0).tls(dir.resolve("none.pem"), dir.resolve("none.key")).build();
        IOException io = assertThrows(IOException.class, () -> NettyServer.start(exchange -> { }, broken));
        assertTrue(io.getMessage().contains("none.pem"), io.getMessage());
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedAtStart() throws Exception {
        DevCertificate one = DevCertificate.create(Files.createDirectories(dir.resolve("one")));
        DevCertificate other = DevCertificate.create(Files.createDirectories(dir.resolve("other")));
        Settings mismatched = Settings.builder().host("127.0.0.1").port(0).tls(one.certificate(), other.key()).build();
        IOException e = assertThrows(IOException.class, () -> NettyServer.start(exchange -> { }, mismatched));
        assertTrue(e.getMessage().contains("is not the key of the certificate"), e.getMessage());
        assertTrue(e.getMessage().contains(other.key().toString()), e.getMessage());
    }

    @Test
    void aUnixDomainSocketServesAProxyOnTheSameMachine() throws Exception {
        App app = hello();
        Path socket = dir.resolve("app.sock");
        NettyServer server;
        try {
            server = NettyServer.start(app.handler(), app.settings().newBuilder().host("unix:" + socket).build());
        } catch (IOException e) {
            Assumptions.assumeTrue(false, "no Unix domain sockets here: " + e.getMessage());
            return;
        }
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            c.write(ByteBuffer.wrap("GET /hello HTTP/1.1\r\nHost: app\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer in = ByteBuffer.allocate(4096);
            while (c.read(in) >= 0) {
                if (!in.hasRemaining()) {
                    break;
                }
            }
            String response = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertTrue(response.endsWith("hello over http HTTP/1.1"), response);
        } finally {
            server.stop(Duration.ofSeconds(1));
            app.stop();
        }
        Files.writeString(socket, "not a socket");
        IOException e = assertThrows(IOException.class,
                () -> NettyServer.start(app.handler(), app.settings().newBuilder().host("unix:" + socket).build()));
        assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
        assertEquals("not a socket", Files.readString(socket), "a file that is not a socket is never removed");
    }

    @Test
    void aSocketALiveServerAnswersOnIsNeverTaken() throws Exception {
        App app = hello();
        Path socket = dir.resolve("live.sock");
        Settings s = app.settings().newBuilder().host("unix:" + socket).build();
        NettyServer first;
        try {
            first = NettyServer.start(app.handler(), s);
        } catch (IOException e) {
            Assumptions.assumeTrue(false, "no Unix domain sockets here: " + e.getMessage());
            return;
        }
        try {
            IOException e = assertThrows(IOException.class, () -> NettyServer.start(app.handler(), s));
            assertTrue(e.getMessage().contains("another server listens on"), e.getMessage());
        } finally {
            first.stop(Duration.ofSeconds(1));
            app.stop();
        }
    }

    @Test
    void aSocketFileLeftByADeadProcessIsReplaced() throws Exception {
        Path socket = dir.resolve("stale.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket), "the JDK leaves the socket file behind");
        App app = hello();
        NettyServer server;
        try {
            server = NettyServer.start(app.handler(), app.settings().newBuilder().host("unix:" + socket).build());
        } catch (IOException e) {
            Assumptions.assumeTrue(!e.getMessage().contains("epoll"), "no epoll here: " + e.getMessage());
            throw e;
        }
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            assertTrue(c.connect(UnixDomainSocketAddress.of(socket)), "connected to the new server");
        } finally {
            server.stop(Duration.ofSeconds(1));
            app.stop();
        }
    }
}
