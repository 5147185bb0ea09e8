package dev.lindy.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * nginx in front of nodes on 127.0.0.1, with the configuration {@code examples/cluster/run} uses, on a free
 * port and in a directory of its own. Needs Debian's nginx-light (or any nginx) installed.
 */
final class Nginx implements AutoCloseable {
    private static final Path TEMPLATE = Path.of("cluster", "nginx.conf");

    private final Process process;
    private final int port;

    private Nginx(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts nginx in front of two nodes and waits until it answers; tries another port if its was taken. */
    static Nginx start(Path dir, int nodeA, int nodeB) throws IOException, InterruptedException {
        String executable = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            String conf = Files.readString(TEMPLATE).replace("@DIR@", dir.toString()).replace("@PORT@", Integer.toString(port))
                    .replace("@NODE_A@", Integer.toString(nodeA)).replace("@NODE_B@", Integer.toString(nodeB));
            Files.writeString(dir.resolve("nginx.conf"), conf);
            List<String> command = new ArrayList<>(List.of(executable, "-p", dir.toString(), "-c",
                    dir.resolve("nginx.conf").toString(), "-g",
                    ("root".equals(System.getProperty("user.name")) ? "user root; " : "") + "daemon off;"));
            Process p;
            try {
                p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException("nginx is not installed: install Debian's nginx-light", e);
            }
            if (answers(p, port)) {
                return new Nginx(p, port);
            }
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            if (attempt == 3) {
                throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("nginx.out")));
            }
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    // Answering is accepting a connection; an nginx that exited (its port taken) never will.
    private static boolean answers(Process p, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return s.isConnected();
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
