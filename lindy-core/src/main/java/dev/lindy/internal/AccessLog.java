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
        offer(new Line(request.remoteAddress(), request.method().name(), request.target(), request.version(),
                request.header("Referer"), request.header("User-Agent"), route, startMillis, nanos, status, bytes));
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
        String[] parts = requestLine == null ? new String[0] : requestLine.split(" ", -1);
        boolean whole = parts.length == 3;
        offer(new Line(remote, whole ? parts[0] : null, whole ? parts[1] : null, whole ? parts[2] : null, null, null,
                null, System.currentTimeMillis(), 0, status, bytes));
    }

    private void offer(Line l) {
        String line = format.equals("json") ? json(l) : clf(l, format.equals("combined"));
        if (!lines.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    /** What a line says; null where it is not known. */
    private record Line(InetSocketAddress remote, String method, String target, String version, String referer,
            String agent, String route, long startMillis, long nanos, int status, long bytes) {
    }

    private static String clf(Line l, boolean combined) {
        StringBuilder b = new StringBuilder(160);
        b.append(address(l.remote())).append(" - - [").append(CLF.format(Instant.ofEpochMilli(l.startMillis()))).append("] \"");
        quoted(b, l.method() == null ? "-" : l.method() + " " + l.target() + " " + l.version()).append("\" ")
                .append(l.status()).append(' ').append(l.bytes() > 0 ? String.valueOf(l.bytes()) : "-");
        if (combined) {
            b.append(" \"");
            quoted(b, orDash(l.referer())).append("\" \"");
            quoted(b, orDash(l.agent())).append('"');
        }
        b.append(" \"");
        quoted(b, orDash(l.route())).append("\" ").append(TimeUnit.NANOSECONDS.toMillis(l.nanos()));
        return b.toString();
    }

    private static String json(Line l) {
        StringBuilder b = new StringBuilder(200).append("{\"time\":\"").append(Instant.ofEpochMilli(l.startMillis()))
                .append("\",\"remote\":");
        string(b, address(l.remote())).append(",\"method\":");
        string(b, l.method()).append(",\"target\":");
        string(b, l.target()).append(",\"version\":");
        string(b, l.version()).append(",\"status\":").append(l.status()).append(",\"bytes\":").append(Math.max(0, l.bytes()))
                .append(",\"ms\":").append(TimeUnit.NANOSECONDS.toMillis(l.nanos())).append(",\"route\":");
        string(b, l.route()).append(",\"referer\":");
        string(b, l.referer()).append(",\"agent\":");
        return string(b, l.agent()).append('}').toString();
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
