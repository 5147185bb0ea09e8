package dev.lindy.servlet.internal;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads a request body with non-blocking input, so no container thread waits on a slow upload; hands the
 * whole body on, or reports that it grew past the limit.
 */
public final class BodyReader implements ReadListener {
    private final ServletInputStream in;
    private final int limit;
    private final Consumer<byte[]> done;
    private final Runnable tooLarge;
    private final Consumer<Throwable> failed;
    private byte[] body;
    private int size;
    private boolean over;

    /**
     * Creates a reader; register it with {@code in.setReadListener}.
     *
     * @param in the request's input, in async mode
     * @param limit the largest body accepted
     * @param expected the declared length, or a negative number when unknown
     * @param done receives the whole body
     * @param tooLarge runs once if the body exceeds the limit
     * @param failed receives a read failure
     */
    public BodyReader(ServletInputStream in, int limit, long expected, Consumer<byte[]> done, Runnable tooLarge,
            Consumer<Throwable> failed) {
        this.in = in;
        this.limit = limit;
        this.done = done;
        this.tooLarge = tooLarge;
        this.failed = failed;
        this.body = new byte[(int) Math.max(0, Math.min(expected, limit))];
    }

    @Override
    public void onDataAvailable() throws IOException {
        byte[] chunk = new byte[8192];
        while (in.isReady() && !in.isFinished()) {
            int n = in.read(chunk);
            if (n <= 0) {
                continue;
            }
            if (over) {
                continue;
            }
            if ((long) size + n > limit) {
                over = true;
                body = null;
                tooLarge.run();
                continue;
            }
            if (size + n > body.length) {
                body = Arrays.copyOf(body, Math.min(limit, Math.max(size + n, body.length * 2)));
            }
            System.arraycopy(chunk, 0, body, size, n);
            size += n;
        }
    }

    @Override
    public void onAllDataRead() {
        if (!over) {
            done.accept(size == body.length ? body : Arrays.copyOf(body, size));
        }
    }

    @Override
    public void onError(Throwable t) {
        failed.accept(t);
    }
}
