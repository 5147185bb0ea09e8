package dev.lindy.netty;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;

/** A server for tests that need their own JVM (a small heap, say): prints its port, stops when stdin closes. */
public final class HelloServer {
    private HelloServer() {
    }

    /**
     * Serves {@code /hello} on 127.0.0.1 at a free port until standard input closes.
     *
     * @param args ignored
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        App app = Lindy.app();
        app.get("/hello", ctx -> "hello");
        app.post("/hello", ctx -> "posted " + ctx.request().body().length);
        NettyServer server = NettyServer.start(app.handler(), Settings.builder().host("127.0.0.1").port(0).build());
        System.out.println("PORT " + server.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // Wait for the parent to close our input.
        }
        server.stop(java.time.Duration.ofSeconds(1));
        app.stop();
    }
}
