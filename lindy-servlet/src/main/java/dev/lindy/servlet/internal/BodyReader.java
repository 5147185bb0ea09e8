package dev.lindy.servlet.internal;

import dev.lindy.internal.BodySpool;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a request body with non-blocking input, so no container thread waits on a slow upload; hands the
 * whole body on, or reports that it grew past the limit or came too slowly. The body's memory grows as
 * bytes arrive, never to a declared length the client has not sent; an upload goes to a temporary file
 * past a threshold, and when the disk falls behind, reading pauses until it catches up (then goes on from
 * the disk thread, never at the same time as the container's callback).
 */
public final class BodyReader implements ReadListener {
    private static final Logger LOG = LoggerFactory.getLogger(BodyReader.class);
    private final ServletInputStream in;
    private final long limit;
    private final BodySpool body;
    private final Consumer<BodySpool> done;
    private final Consumer<Refusal> refused;
    private final Consumer<Throwable> failed;
    // Set once, by whichever of the end, the limit, the timeout or a failure comes first.
    private final AtomicBoolean over = new AtomicBoolean();
    private final byte[] chunk = new byte[16 * 1024];
    private final String tooLarge;
    private long size;

    /**
     * Why a body was refused.
     *
     * @param status 413 or 408; 503 when the uploads on disk are at their limit, 500 when the body could not
     *     be stored
     * @param reason a one-line reason for the client
     */
    public record Refusal(int status, String reason) {
    }

    /**
     * Creates a reader; register it with {@code in.setReadListener}.
     *
     * @param in the request's input, in async mode
     * @param limit the largest body accepted
     * @param tooLarge the reason given when the body grows past the limit
     * @param body where the body goes; its resume callback must call {@link #resume}
     * @param done receives the whole body, stored
     * @param refused runs once if the body exceeds the limit or {@link #timedOut} comes first
     * @param failed receives a read failure
     */
    public BodyReader(ServletInputStream in, long limit, String tooLarge, BodySpool body, Consumer<BodySpool> done,
            Consumer<Refusal> refused, Consumer<Throwable> failed) {
        this.in = in;
        this.limit = limit;
        this.tooLarge = tooLarge;
        this.body = body;
        this.done = done;
        this.refused = refused;
        this.failed = failed;
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (in.isReady() && !in.isFinished()) {
            int n = in.read(chunk);
            if (n <= 0 || over.get()) {
                continue;
            }
            size += n;
            if (size > limit) {
                if (over.compareAndSet(false, true)) {
                    body.discard();
                    refused.accept(new Refusal(413, tooLarge));
                }
                continue;
            }
            try {
                if (!body.add(ByteBuffer.wrap(chunk, 0, n))) {
                    // Returning while the input is ready means the container calls no more: resume does.
                    return;
                }
            } catch (BodySpool.Full e) {
                if (over.compareAndSet(false, true)) {
                    body.discard();
                    refused.accept(new Refusal(503, "The server holds too many uploads right now; try again shortly."));
                }
            }
        }
    }

    /** The disk caught up with the body: read on, from the calling thread. */
    public void resume() {
        try {
            onDataAvailable();
            if (in.isFinished()) {
                onAllDataRead();
            }
        } catch (IOException | RuntimeException e) {
            onError(e);
        }
    }

    @Override
    public void onAllDataRead() {
        if (over.compareAndSet(false, true)) {
            body.finish(() -> {
                if (body.failure() != null) {
                    body.discard();
                    LOG.warn("could not store a request body: {}", body.failure().toString());
                    refused.accept(new Refusal(500, "The server could not store the request body."));
                } else {
                    done.accept(body);
                }
            });
        }
    }

    /**
     * The body timeout passed: refuse the request unless its body is already in.
     *
     * @param reason the one-line reason for the client
     */
    public void timedOut(String reason) {
        if (over.compareAndSet(false, true)) {
            body.discard();
            refused.accept(new Refusal(408, reason));
        }
    }

    /** Tells how many bytes the body holds in memory, arrived or not; for tests. */
    int buffered() {
        return body.memoryBytes();
    }

    @Override
    public void onError(Throwable t) {
        if (over.compareAndSet(false, true)) {
            body.discard();
            failed.accept(t);
        }
    }
}
