package dev.lindy.netty;

import dev.lindy.App;
import dev.lindy.Settings;
import java.time.Duration;

/** An app on a real Netty server at 127.0.0.1 and a free port, for one test; closing stops both. */
final class Served implements AutoCloseable {
    final App app;
    final NettyServer server;

    private Served(App app, NettyServer server) {
        this.app = app;
        this.server = server;
    }

    static Served start(App app) throws Exception {
        Settings s = app.settings().newBuilder().host("127.0.0.1").port(0).build();
        return new Served(app, NettyServer.start(app.handler(), s));
    }

    int port() {
        return server.port();
    }

    RawConnection connect() throws java.io.IOException {
        return new RawConnection(port());
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(1));
        app.stop();
    }
}
