package dev.lindy.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} of a test's own, on 127.0.0.1 at a free port, in a temporary directory of its
 * own, so that a test can stop it, start it again, lose its data or freeze it, and see what an app does.
 * It keeps its data across {@link #stop()} and {@link #startAgain()} (an append-only file, written at
 * every change) until {@link #deleteData()}. Close it when done; try-with-resources stops it even when the test
 * fails, and one still running when the JVM exits is killed then.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *     String uri = redis.uri();   // redis://127.0.0.1:PORT
 * }
 * }</pre>
 *
 * <p>It needs {@code redis-server} on the {@code PATH} (Debian's package {@code redis-server}), or its path in
 * the environment variable {@code REDIS_SERVER}.
 */
public final class RedisServer implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(20);
    private static final Set<Process> LEFT_RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LEFT_RUNNING.forEach(Process::destroyForcibly),
                "redis-server-cleanup"));
    }

    private final Path dir;
    private final int port;
    private final List<String> leading;
    private final List<String> options;
    private Process process;

    private RedisServer(Path dir, int port, List<String> leading, List<String> options) {
        this.dir = dir;
        this.port = port;
        this.leading = leading;
        this.options = options;
    }

    /**
     * Starts a server at a free port in a new temporary directory, and waits until it answers.
     *
     * @return the server, answering
     * @throws IllegalStateException if {@code redis-server} is missing or does not start
     */
    public static RedisServer start() {
        return start(List.of(), 0);
    }

    /**
     * Starts a server with more options, at a free port whose neighbour {@code offset} above is free too.
     *
     * @param options more command-line options of {@code redis-server}
     * @param offset where a second port it needs lies above its own, or 0
     * @return the server, answering
     */
    static RedisServer start(List<String> options, int offset) {
        return start(dir -> List.of(), options, offset);
    }

    /**
     * Starts a server whose command line begins with arguments made for its directory (a configuration file
     * written there, such as a Sentinel's).
     *
     * @param leading the first arguments, given the server's directory
     * @param options more command-line options
     * @param offset where a second port it needs lies above its own, or 0
     * @return the server, answering
     */
    static RedisServer start(Function<Path, List<String>> leading, List<String> options, int offset) {
        Path dir;
        try {
            dir = Files.createTempDirectory("lindy-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The free port is free when asked, not always when redis-server binds it: try a few.
        for (int attempt = 1; ; attempt++) {
            RedisServer server = new RedisServer(dir, freePort(offset), leading.apply(dir), options);
            try {
                server.startAgain();
                return server;
            } catch (RuntimeException e) {
                server.end(true);
                if (attempt == 3) {
                    deleteTree(dir);
                    throw e;
                }
            }
        }
    }

    /**
     * Returns the port it listens on; the same across stops and starts.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns its URI.
     *
     * @return {@code redis://127.0.0.1:PORT}
     */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * Tells whether it is running.
     *
     * @return true between a start and a stop
     */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts it again on the same port, with the data it had unless {@link #deleteData()} ran, and waits
     * until it answers.
     *
     * @throws IllegalStateException if it is running, or does not start
     */
    public synchronized void startAgain() {
        if (isRunning()) {
            throw new IllegalStateException("redis-server is already running on port " + port);
        }
        List<String> command = new ArrayList<>(List.of(executable()));
        command.addAll(leading);
        command.addAll(List.of("--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "yes",
                "--appendfsync", "always", "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString()));
        command.addAll(options);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.out").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server did not start: " + e.getMessage(), e);
        }
        Process started = process;
        // A test JVM that ends without closing it (killed, or a test that forgot) takes it along.
        LEFT_RUNNING.add(started);
        started.onExit().thenRun(() -> LEFT_RUNNING.remove(started));
        awaitReady();
    }

    /**
     * Stops it as an operator would (SIGTERM) and waits until it has exited; its port refuses connections
     * from then on.
     */
    public synchronized void stop() {
        end(false);
    }

    /** Kills it at once (SIGKILL), as a crash would, and waits until it has exited. */
    public synchronized void kill() {
        end(true);
    }

    /**
     * Freezes it (SIGSTOP): connections stay open and commands wait for an answer that does not come, as
     * with a server stuck or a network that drops packets, until {@link #resume()}.
     */
    public synchronized void pause() {
        signal("STOP");
    }

    /** Lets a paused server run again (SIGCONT). */
    public synchronized void resume() {
        signal("CONT");
    }

    /**
     * Deletes its data while it is stopped, so that the next start begins empty, as a Redis restarted
     * without persistence would.
     *
     * @throws IllegalStateException if it is running
     */
    public synchronized void deleteData() {
        if (isRunning()) {
            throw new IllegalStateException("stop redis-server before deleting its data");
        }
        deleteTree(dir.resolve("appendonlydir"));
        deleteTree(dir.resolve("dump.rdb"));
    }

    /** Stops it and deletes its directory. */
    @Override
    public synchronized void close() {
        end(true);
        deleteTree(dir);
    }

    private void end(boolean kill) {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            if (kill) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    private void signal(String name) {
        if (!isRunning()) {
            throw new IllegalStateException("redis-server is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " failed on redis-server");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // Ready is a PONG: before it the port refuses, or Redis answers -LOADING while it reads its data back.
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + ": " + log());
            }
            if (pings()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("redis-server did not answer within " + READY_WITHIN + ": " + log());
    }

    private boolean pings() {
        try {
            return "PONG".equals(command("PING"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Sends one command on a connection of its own and reads the answer, for a test to look at the data or
     * steer the server ({@code DBSIZE}, {@code CLUSTER INFO}, {@code CONFIG SET ...}).
     *
     * @param words the command and its arguments
     * @return the answer: a simple string, a number or a bulk string, as text; an array (of arrays) of
     *     those, one per line
     * @throws IOException if the server does not answer, answers an error, or answers another kind of reply
     */
    public String command(String... words) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(2000);
            StringBuilder request = new StringBuilder("*").append(words.length).append("\r\n");
            for (String w : words) {
                request.append('$').append(w.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(w).append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            return reply(in, line(in), words[0]);
        }
    }

    /** A condition read from servers, which may not answer yet. */
    @FunctionalInterface
    interface Check {
        boolean holds() throws IOException;
    }

    /**
     * Waits until servers say something holds, asking every 50 ms; a server that does not answer yet is
     * asked again.
     *
     * @param what what is awaited, for the message
     * @param within how long at most
     * @param check the condition
     * @throws IllegalStateException if it does not hold in time
     */
    static void await(String what, Duration within, Check check) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (IOException e) {
                // Not answering yet: ask again.
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + within + " for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static String reply(InputStream in, String head, String command) throws IOException {
        if (head.startsWith("*")) {
            List<String> items = new ArrayList<>();
            for (int i = Integer.parseInt(head.substring(1)); i > 0; i--) {
                items.add(reply(in, line(in), command));
            }
            return String.join("\n", items);
        }
        if (head.startsWith("+") || head.startsWith(":")) {
            return head.substring(1);
        }
        if (head.startsWith("$")) {
            int length = Integer.parseInt(head.substring(1));
            if (length < 0) {
                return "";
            }
            byte[] body = in.readNBytes(length);
            line(in);
            return new String(body, StandardCharsets.UTF_8);
        }
        throw new IOException("redis-server answered " + head + " to " + command);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("redis-server closed the connection");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private String log() {
        try {
            Path log = dir.resolve("redis.log");
            Path out = dir.resolve("redis.out");
            return (Files.exists(out) ? Files.readString(out) : "") + (Files.exists(log) ? Files.readString(log) : "");
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String executable() {
        String given = System.getenv("REDIS_SERVER");
        if (given != null && !given.isBlank()) {
            return given;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "redis-server"))) {
                return Path.of(dir, "redis-server").toString();
            }
        }
        throw new IllegalStateException("redis-server is not installed: install Debian's package redis-server"
                + " (apt-get install redis-server), or set REDIS_SERVER to its path");
    }

    private static int freePort(int offset) {
        for (int attempt = 1; ; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = s.getLocalPort();
                if (offset == 0 || (port + offset <= 65535 && isFree(port + offset)) || attempt == 50) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toArray(Path[]::new)) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
