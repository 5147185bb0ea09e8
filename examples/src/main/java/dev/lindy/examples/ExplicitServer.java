package dev.lindy.examples;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.netty.NettyServer;
import java.time.Duration;

/**
 * Starts the embedded Netty server explicitly, with settings, instead of through {@code app.start()}.
 */
public final class ExplicitServer {
    private ExplicitServer() {
    }

    /**
     * Serves a hello route on a free port of 127.0.0.1 until the process stops.
     *
     * @param args ignored
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        App app = Lindy.app(Settings.builder().idleTimeout(Duration.ofSeconds(15)).build());
        app.get("/", ctx -> "hello");
        Settings settings = app.settings().newBuilder().host("127.0.0.1").port(0).ioThreads(2).build();
        NettyServer server = NettyServer.start(app.handler(), settings);
        System.out.println("listening on port " + server.port() + " with " + server.transport());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(Duration.ofSeconds(5))));
    }
}
