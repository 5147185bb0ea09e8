package dev.lindy.bench;

import static dev.lindy.http.Method.GET;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The bench routes on Lindy: {@code java -cp lindy-bench.jar dev.lindy.bench.LindyBench PORT [APP_DIR
 * [DECOY_ROUTES [TLS_PORT CERTIFICATE KEY]]]}. The app directory holds {@code public/} and {@code views/}. With a
 * TLS port and PEM files, HTTPS (HTTP/2 and HTTP/1.1 by ALPN) is served on that port beside plain HTTP. Decoy routes of the same
 * shape are declared before {@code /api/:tenant/last/:id}: with 199 of them, the request matches the last of
 * 200 routes with parameters, all under the same first segment, so the route index cannot skip any.
 */
public final class LindyBench {
    private LindyBench() {
    }

    /**
     * Starts the server.
     *
     * @param args the port, then optionally the app directory, the number of decoy routes, and the TLS port,
     *     the certificate and the key
     */
    public static void main(String[] args) {
        Path appDir = Path.of(args.length > 1 ? args[1] : ".").toAbsolutePath();
        int decoys = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        // Production, as a deployed app runs; a fixed key because nothing here is secret.
        // The 10,000-connection load sits exactly at the default connection limit: a client reconnecting
        // before its old connection's close is counted would get a 503, measuring the limit, not the server.
        Settings.Builder settings = Settings.builder().appDir(appDir).environment("production")
                .secrets(List.of("bench-only-key-bench-only-key-bench-only-key"))
                .maxConnections(20_000);
        if (args.length > 5) {
            settings.tls(Path.of(args[4]).toAbsolutePath(), Path.of(args[5]).toAbsolutePath())
                    .tlsPort(Integer.parseInt(args[3]));
        }
        App app = Lindy.app(settings.build());
        app.get("/hello", ctx -> {
            ctx.contentType("txt");
            return Payloads.HELLO;
        });
        app.async(GET, "/hello-async", ctx -> {
            ctx.contentType("txt");
            ctx.respond().send(Payloads.HELLO);
        });
        // On the loop like raw Netty's, so the figure is the JSON path's, not a worker hand-off's.
        app.async(GET, "/json", ctx -> ctx.respond().send(ctx.json(new Payloads.Message(Payloads.HELLO))));
        app.async(GET, "/timer", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofSeconds(1), () -> respond.send("foo!"));
        });
        app.async(GET, "/timer0", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ZERO, () -> respond.send("foo!"));
        });
        Map<String, Object> page = Payloads.page();
        app.get("/page", ctx -> ctx.template("page", page, "main"));
        for (int i = 0; i < decoys; i++) {
            app.async(GET, "/api/:tenant/resource" + i + "/:id", ctx -> {
                ctx.contentType("txt");
                ctx.respond().send(ctx.param("id"));
            });
        }
        app.async(GET, "/api/:tenant/last/:id", ctx -> {
            ctx.contentType("txt");
            ctx.respond().send(ctx.param("id"));
        });
        app.start(Integer.parseInt(args[0]));
    }
}
