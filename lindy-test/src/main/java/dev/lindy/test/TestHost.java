package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.netty.NettyServer;
import dev.lindy.netty.internal.DevCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import dev.lindy.spi.Server;
import dev.lindy.test.internal.HttpClientConnector;
import dev.lindy.test.internal.InProcessConnector;
import dev.lindy.test.internal.VirtualLoop;
import dev.lindy.test.internal.Connector;
import java.time.Duration;

/**
 * An app hosted for a test: in process (no socket, virtual clock) or on a real Netty server on
 * 127.0.0.1 at a free port. Close it when done; try-with-resources stops it even when the test fails.
 *
 * <pre>{@code
 * try (TestHost host = TestHost.inProcess(Synopsis.app())) {
 *     PendingResponse pending = host.client().get("/timer").sendAsync();
 *     host.clock().advance(Duration.ofSeconds(1));
 *     assertEquals("foo!", pending.await().text());
 * }
 * }</pre>
 */
public final class TestHost implements AutoCloseable {
    private static DevCertificate certificate;

    private final App app;
    private final Connector connector;
    private final VirtualLoop loop;
    private final Server server;
    private final TestClient client;
    private final boolean secure;

    private TestHost(App app, Connector connector, VirtualLoop loop, Server server) {
        this(app, connector, loop, server, false);
    }

    private TestHost(App app, Connector connector, VirtualLoop loop, Server server, boolean secure) {
        this.secure = secure;
        this.app = app;
        this.connector = connector;
        this.loop = loop;
        this.server = server;
        this.client = new TestClient(connector);
    }

    /**
     * Hosts an app in process: requests go through the server contract with no socket, and the app's
     * timers and deadlines run on a virtual clock.
     *
     * @param app the app, not started
     * @return the host
     */
    public static TestHost inProcess(App app) {
        VirtualLoop loop = new VirtualLoop();
        return new TestHost(app, new InProcessConnector(app.handler(), loop), loop, null);
    }

    /**
     * Hosts an app on a real Netty server bound to 127.0.0.1 at a free port; time is real.
     *
     * @param app the app, not started
     * @return the host
     * @throws IllegalStateException if the server cannot start
     */
    public static TestHost netty(App app) {
        try {
            NettyServer server = NettyServer.start(app.handler(),
                    app.settings().newBuilder().host("127.0.0.1").port(0).build());
            return new TestHost(app, new HttpClientConnector(server.port()), null, server);
        } catch (Exception e) {
            app.stop();
            throw new IllegalStateException("the test server did not start", e);
        }
    }

    /**
     * Hosts an app on a real Netty server over TLS, with a self-signed certificate the host's client trusts:
     * HTTP/2 (chosen by ALPN) or HTTP/1.1. Raw-socket tests, which speak clear-text HTTP/1.1, skip on it.
     *
     * @param app the app, not started
     * @param http2 true for HTTP/2, false for HTTP/1.1 over TLS
     * @return the host
     * @throws IllegalStateException if the server cannot start
     */
    public static TestHost https(App app, boolean http2) {
        try {
            DevCertificate cert = certificate();
            NettyServer server = NettyServer.start(app.handler(), app.settings().newBuilder().host("127.0.0.1").port(0)
                    .tls(cert.certificate(), cert.key()).http2(http2).build());
            HttpClientConnector connector = new HttpClientConnector(server.port(), trusting(cert.certificate()),
                    http2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
            return new TestHost(app, connector, null, server, true);
        } catch (Exception e) {
            app.stop();
            throw new IllegalStateException("the test server did not start", e);
        }
    }

    // One certificate for every TLS host of this JVM: making one takes the JDK's keytool a moment.
    private static synchronized DevCertificate certificate() throws IOException {
        if (certificate == null) {
            Path dir = Files.createTempDirectory("lindy-test-tls");
            certificate = DevCertificate.create(dir);
            dir.toFile().deleteOnExit();
            certificate.certificate().toFile().deleteOnExit();
            certificate.key().toFile().deleteOnExit();
        }
        return certificate;
    }

    // A client context that trusts exactly one certificate, the test server's.
    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            store.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /**
     * Tells whether this host's connections are encrypted, so that raw clear-text bytes cannot reach it.
     *
     * @return true for {@link #https}
     */
    public boolean isTls() {
        return secure;
    }

    /**
     * Wraps an app that another host already serves on 127.0.0.1, such as a servlet container started by
     * the test; closing the test host stops that server and the app.
     *
     * @param app the app being served
     * @param server the running server, on this machine
     * @return the host
     */
    public static TestHost of(App app, Server server) {
        return new TestHost(app, new HttpClientConnector(server.port()), null, server);
    }

    /**
     * Returns the host's client; its cookies persist across the calls of one test.
     *
     * @return the client
     */
    public TestClient client() {
        return client;
    }

    /**
     * Returns a new client with an empty cookie jar, as a second user would be.
     *
     * @return a new client
     */
    public TestClient newClient() {
        return new TestClient(connector);
    }

    /**
     * Tells whether this host runs on a virtual clock.
     *
     * @return true in process
     */
    public boolean hasVirtualClock() {
        return loop != null;
    }

    /**
     * Returns the virtual clock.
     *
     * @return the clock
     * @throws IllegalStateException on a real server, whose time is real
     */
    public VirtualClock clock() {
        if (loop == null) {
            throw new IllegalStateException("a real server runs on real time; use TestHost.inProcess for a virtual clock");
        }
        return new VirtualClock(loop);
    }

    /**
     * Lets time pass: advances the virtual clock in process; on a real server does nothing, since real time
     * passes while the test waits for a response. Lets one test body serve both hosts.
     *
     * @param time how much time
     */
    public void elapse(Duration time) {
        if (loop != null) {
            loop.advance(time);
        }
    }

    /**
     * Returns the real server's port.
     *
     * @return the port
     * @throws IllegalStateException in process, where there is no socket
     */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("an in-process host has no port");
        }
        return server.port();
    }

    /**
     * Returns the hosted app.
     *
     * @return the app
     */
    public App app() {
        return app;
    }

    /** Stops the server (or the virtual loop) and the app's workers. */
    @Override
    public void close() {
        try {
            if (server != null) {
                server.stop(Duration.ofSeconds(1));
            }
            if (loop != null) {
                loop.shutdown();
            }
        } finally {
            app.stop();
        }
    }

    @Override
    public String toString() {
        return server != null ? server.getClass().getSimpleName() : "in-process";
    }
}
