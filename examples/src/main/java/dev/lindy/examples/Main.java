package dev.lindy.examples;

import dev.lindy.App;
import dev.lindy.netty.NettyServer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Starts one of the examples: {@code java -jar lindy-examples.jar [name] [--port N] [--host H] [--dev-tls]}.
 *
 * <p>Names: {@code synopsis} (default), {@code tour}, {@code app} (the notes app, configured by the files
 * in {@code examples/app}), {@code chat} (the chat, its page in {@code examples/chat}) and {@code shared} (one
 * node of an app whose sessions and hub are in the Redis that {@code REDIS_URI} names, else
 * {@code redis://127.0.0.1:6379}) on Lindy's own server, {@code servlet} (the synopsis in embedded Jetty). The
 * port comes from {@code --port}, else the {@code PORT} environment variable, else 3000; the address from
 * {@code --host}, else {@code 0.0.0.0} (every interface). With {@code --dev-tls} Lindy's server speaks HTTPS
 * and HTTP/2 on that port with a self-signed certificate it makes at start, for trying them locally.
 */
public final class Main {
    private static final Map<String, Supplier<App>> APPS = Map.of("synopsis", Synopsis::app, "tour", Tour::app,
            "app", () -> Notes.app(appDirectory()), "chat", () -> Chat.app(directory("chat")),
            "shared", () -> Shared.app(System.getenv().getOrDefault("REDIS_URI", "redis://127.0.0.1:6379")));

    private Main() {
    }

    /**
     * Runs an example until the process is stopped.
     *
     * @param args the example's name and the options above
     * @throws Exception if the example cannot start
     */
    public static void main(String[] args) throws Exception {
        String name = "synopsis";
        Integer port = null;
        String host = "0.0.0.0";
        boolean devTls = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = parsePort(args[++i]);
            } else if (args[i].startsWith("--port=")) {
                port = parsePort(args[i].substring("--port=".length()));
            } else if (args[i].equals("--host") && i + 1 < args.length) {
                host = args[++i];
            } else if (args[i].startsWith("--host=")) {
                host = args[i].substring("--host=".length());
            } else if (args[i].equals("--dev-tls")) {
                devTls = true;
            } else {
                name = args[i];
            }
        }
        if (port == null) {
            String env = System.getenv("PORT");
            port = env == null || env.isBlank() ? 3000 : parsePort(env.trim());
        }
        if (name.equals("servlet")) {
            ServletExample.start(host, port).join();
            return;
        }
        Supplier<App> example = APPS.get(name);
        if (example == null) {
            System.err.println("unknown example '" + name + "'; known: synopsis, tour, app, chat, shared, servlet");
            System.exit(2);
        }
        if (devTls) {
            startWithDevTls(example.get(), host, port);
            return;
        }
        // A started app stops gracefully by itself on SIGTERM and Ctrl-C.
        example.get().start(host, port);
    }

    // The app's own settings with a development certificate, on a server this method starts and stops.
    private static void startWithDevTls(App app, String host, int port) throws Exception {
        NettyServer server = NettyServer.start(app.handler(),
                app.settings().newBuilder().host(host).port(port).devTls(true).build());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stopAccepting();
            app.stop();
            server.stop(Duration.ofSeconds(1));
        }));
        System.out.println("https://localhost:" + server.port() + "/ (HTTP/2; a self-signed certificate)");
    }

    // The notes app's files sit beside the jar's directory (examples/app), or in the working directory's app/.
    private static Path appDirectory() {
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path beside = jar.getParent().resolveSibling("app");
            if (Files.isRegularFile(beside.resolve("config.yml"))) {
                return beside;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // Not run from the jar: fall back to the working directory.
        }
        return Path.of("examples", "app").toAbsolutePath();
    }

    // The chat's page sits beside the jar's directory (examples/chat), or under the working directory.
    private static Path directory(String name) {
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path beside = jar.getParent().resolveSibling(name);
            if (Files.isDirectory(beside.resolve("public"))) {
                return beside;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // Not run from the jar: fall back to the working directory.
        }
        return Path.of("examples", name).toAbsolutePath();
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            System.err.println("not a port number: " + text);
            System.exit(2);
            return -1;
        }
    }
}
