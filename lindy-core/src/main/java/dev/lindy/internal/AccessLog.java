package dev.lindy.internal;

import dev.lindy.http.Request;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one line per request when it ends, in the Common or Combined Log Format or as JSON, to
 * the SLF4J logger {@code dev.lindy.access}. Lines are made on the thread that ends the request and handed
 * to one writer thread through a bounded queue, so a slow log never holds an event loop; when the queue is
 * full a line is dropped and the drops are counted in the next line the writer gets through.
 */
public final class AccessLog implements AutoCloseable {
    /** The logger access lines go to. */
    public static final String LOGGER = "dev.lindy.access";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    // A line no request makes, told apart by identity: it stops the writer once the lines before it are out.
    private static final String STOP = new String("stop");

    private final String format;
    private final Consumer<String> sink;
    private final BlockingQueue<String> lines;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;

    AccessLog(String format, Consumer<String> sink, int capacity) {
        this.format = format;
        this.sink = sink;
        this.lines = new ArrayBlockingQueue<>(capacity);
        writer = new Thread(this::write, "lindy-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Makes the access log of a format.
     *
     * @param format {@code off}, {@code common}, {@code combined} or {@code json}
     * @return the log, or null when off
     */
    public static AccessLog of(String format) {
        return format.equals("off") ? null : new AccessLog(format, LOG::info, 16_384);
    }

    /**
     * Logs a request that ended.
     *
     * @param request the request
     * @param route the route that handled it, as method and pattern
     * @param startMillis when it arrived, epoch milliseconds
     * @param nanos how long it took
     * @param status the status sent, 499 when the client left first
     * @param bytes the body's bytes, -1 when unknown
     */
    void record(Request request, String route, long startMillis, long nanos, int status, long bytes) {
        String line = format.equals("json")
                ? json(request, route, startMillis, nanos, status, bytes)
                : clf(request, route, startMillis, nanos, status, bytes, format.equals("combined"));
        if (!lines.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    /**
     * Logs a request the server refused before the app saw it: its route is {@code -}, and what the request
     * line does not say is {@code -} (null in JSON).
     *
     * @param remote the client's address, or null
     * @param requestLine the request line as read, or null
     * @param status the status sent
     * @param bytes the body's bytes
     */
    void refused(InetSocketAddress remote, String requestLine, int status, long bytes) {
        long now = System.currentTimeMillis();
        String line;
        if (format.equals("json")) {
            String[] parts = requestLine == null ? new String[0] : requestLine.split(" ", -1);
            boolean whole = parts.length == 3;
            StringBuilder b = new StringBuilder(160).append("{\"time\":\"").append(Instant.ofEpochMilli(now)).append("\",\"remote\":");
            string(b, address(remote)).append(",\"method\":");
            string(b, whole ? parts[0] : null).append(",\"target\":");
            string(b, whole ? parts[1] : null).append(",\"version\":");
            string(b, whole ? parts[2] : null).append(",\"status\":").append(status).append(",\"bytes\":").append(Math.max(0, bytes))
                    .append(",\"ms\":0,\"route\":null,\"referer\":null,\"agent\":null}");
            line = b.toString();
        } else {
            StringBuilder b = new StringBuilder(120);
            b.append(address(remote)).append(" - - [").append(CLF.format(Instant.ofEpochMilli(now))).append("] \"");
            quoted(b, requestLine == null ? "-" : requestLine).append("\" ").append(status).append(' ')
                    .append(bytes > 0 ? String.valueOf(bytes) : "-");
            if (format.equals("combined")) {
                b.append(" \"-\" \"-\"");
            }
            line = b.append(" \"-\" 0").toString();
        }
        if (!lines.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    private static String clf(Request r, String route, long start, long nanos, int status, long bytes, boolean combined) {
        StringBuilder b = new StringBuilder(160);
        b.append(address(r.remoteAddress())).append(" - - [").append(CLF.format(Instant.ofEpochMilli(start))).append("] \"");
        quoted(b, r.method() + " " + r.target() + " " + r.version()).append("\" ").append(status).append(' ')
                .append(bytes > 0 ? String.valueOf(bytes) : "-");
        if (combined) {
            b.append(" \"");
            quoted(b, orDash(r.header("Referer"))).append("\" \"");
            quoted(b, orDash(r.header("User-Agent"))).append('"');
        }
        b.append(" \"");
        quoted(b, route).append("\" ").append(TimeUnit.NANOSECONDS.toMillis(nanos));
        return b.toString();
    }

    private static String json(Request r, String route, long start, long nanos, int status, long bytes) {
        StringBuilder b = new StringBuilder(200).append("{\"time\":\"").append(Instant.ofEpochMilli(start)).append("\",\"remote\":");
        string(b, address(r.remoteAddress())).append(",\"method\":");
        string(b, r.method().name()).append(",\"target\":");
        string(b, r.target()).append(",\"version\":");
        string(b, r.version()).append(",\"status\":").append(status).append(",\"bytes\":").append(Math.max(0, bytes))
                .append(",\"ms\":").append(TimeUnit.NANOSECONDS.toMillis(nanos)).append(",\"route\":");
        string(b, route).append(",\"referer\":");
        string(b, r.header("Referer")).append(",\"agent\":");
        return string(b, r.header("User-Agent")).append('}').toString();
    }

    private static String address(InetSocketAddress a) {
        return a == null ? "-" : a.getHostString();
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    // Inside a quoted field a client's text cannot end the field or the line.
    private static StringBuilder quoted(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b;
    }

    private static StringBuilder string(StringBuilder b, String s) {
        if (s == null) {
            return b.append("null");
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"');
    }

    private void write() {
        try {
            for (;;) {
                String line = lines.take();
                if (line == STOP) {
                    return;
                }
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    LOG.warn("{} access log lines were dropped: the log could not keep up", lost);
                }
                sink.accept(line);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes the lines still queued, then stops the writer; waits for it at most a second. */
    @Override
    public void close() {
        try {
            // A log that cannot keep up must not hold the stop: past a second its writer is left to the JVM.
            if (lines.offer(STOP, 1, TimeUnit.SECONDS)) {
                writer.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
