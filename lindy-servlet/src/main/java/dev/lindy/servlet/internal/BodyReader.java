package dev.lindy.servlet.internal;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Reads a request body with non-blocking input, so no container thread waits on a slow upload; hands the
 * whole body on, or reports that it grew past the limit or came too slowly. The buffer grows as bytes
 * arrive, never to a declared length the client has not sent.
 */
public final class BodyReader implements ReadListener {
    private static final byte[] NO_BODY = new byte[0];
    private static final int FIRST_BUFFER = 8 * 1024;

    private final ServletInputStream in;
    private final int limit;
    private final int ceiling;
    private final Consumer<byte[]> done;
    private final Consumer<Refusal> refused;
    private final Consumer<Throwable> failed;
    // Set once, by whichever of the end, the limit, the timeout or a failure comes first.
    private final AtomicBoolean over = new AtomicBoolean();
    private byte[] body;
    private int size;

    /**
     * Why a body was refused.
     *
     * @param status 413 or 408
     * @param reason a one-line reason for the client
     */
    public record Refusal(int status, String reason) {
    }

    /**
     * Creates a reader; register it with {@code in.setReadListener}.
     *
     * @param in the request's input, in async mode
     * @param limit the largest body accepted
     * @param expected the declared length, or a negative number when unknown
     * @param done receives the whole body
     * @param refused runs once if the body exceeds the limit or {@link #timedOut} comes first
     * @param failed receives a read failure
     */
    public BodyReader(ServletInputStream in, int limit, long expected, Consumer<byte[]> done, Consumer<Refusal> refused,
            Consumer<Throwable> failed) {
        this.in = in;
        this.limit = limit;
        this.ceiling = expected >= 0 ? (int) Math.min(expected, limit) : limit;
        this.done = done;
        this.refused = refused;
        this.failed = failed;
        this.body = expected > 0 && expected <= FIRST_BUFFER ? new byte[(int) expected] : NO_BODY;
    }

    @Override
    public void onDataAvailable() throws IOException {
        byte[] chunk = new byte[8192];
        while (in.isReady() && !in.isFinished()) {
            int n = in.read(chunk);
            if (n <= 0 || over.get()) {
                continue;
            }
            if ((long) size + n > limit) {
                if (over.compareAndSet(false, true)) {
                    body = null;
                    refused.accept(new Refusal(413, "The request body is larger than the limit of " + limit + " bytes."));
                }
                continue;
            }
            if (size + n > body.length) {
                int grown = Math.max(size + n, Math.max(FIRST_BUFFER, body.length * 2));
                body = Arrays.copyOf(body, Math.max(size + n, Math.min(ceiling, grown)));
            }
            System.arraycopy(chunk, 0, body, size, n);
            size += n;
        }
    }

    @Override
    public void onAllDataRead() {
        if (over.compareAndSet(false, true)) {
            done.accept(size == body.length ? body : Arrays.copyOf(body, size));
        }
    }

    /**
     * The body timeout passed: refuse the request unless its body is already in.
     *
     * @param reason the one-line reason for the client
     */
    public void timedOut(String reason) {
        if (over.compareAndSet(false, true)) {
            refused.accept(new Refusal(408, reason));
        }
    }

    /** Tells how many bytes the body holds in memory, arrived or not; for tests. */
    int buffered() {
        return body == null ? 0 : body.length;
    }

    @Override
    public void onError(Throwable t) {
        if (over.compareAndSet(false, true)) {
            failed.accept(t);
        }
    }
}
