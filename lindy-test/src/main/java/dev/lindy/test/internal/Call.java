package dev.lindy.test.internal;

import dev.lindy.http.Headers;
import dev.lindy.http.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * One request in flight, as the test client sees it whatever the host: a head, then body chunks, then an
 * end (or an error); and a way to disconnect.
 */
public abstract class Call {
    /** The end of the body in the chunk queue. */
    public static final byte[] END = new byte[0];

    /** Completes with the status and headers once they arrive. */
    public final CompletableFuture<Head> head = new CompletableFuture<>();
    /** Body chunks as they arrive; {@link #END} last. */
    public final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private static final AtomicReferenceFieldUpdater<Call, Throwable> ERROR =
            AtomicReferenceFieldUpdater.newUpdater(Call.class, Throwable.class, "error");

    private volatile Throwable error;

    /** Creates a call that has received nothing yet. */
    protected Call() {
    }

    /**
     * A response's status and headers.
     *
     * @param status the status code
     * @param headers the headers
     */
    public record Head(int status, Headers headers) {
    }

    /**
     * Closes the connection under the request, as a client that goes away would.
     */
    public abstract void disconnect();

    /**
     * Returns a call answered at once by the host itself, as hosts answer a request they cannot parse.
     *
     * @param status the status
     * @param reason the one-line reason
     * @return the answered call
     */
    public static Call refused(int status, String reason) {
        Call call = new Call() {
            @Override
            public void disconnect() {
                // Answered already; there is nothing left to leave.
            }
        };
        byte[] body = (status + " " + Status.reason(status) + ": " + reason + "\n").getBytes(StandardCharsets.UTF_8);
        call.head.complete(new Head(status, Headers.builder()
                .add("Content-Type", "text/plain; charset=utf-8")
                .add("Content-Length", String.valueOf(body.length))
                .add("Connection", "close")
                .build()));
        call.chunks.add(body);
        call.chunks.add(END);
        return call;
    }

    /**
     * Records a failure and ends the body.
     *
     * @param t what went wrong
     */
    protected void failed(Throwable t) {
        // The first failure is the one a test sees: a connection that fails may be reported again as it unwinds.
        ERROR.compareAndSet(this, null, t);
        head.completeExceptionally(t);
        chunks.add(END);
    }

    /**
     * Returns what ended the call abnormally.
     *
     * @return the failure, or null
     */
    public Throwable error() {
        return error;
    }

    /**
     * Returns the failure as an exception to throw.
     *
     * @return an IOException describing it
     */
    public IOException errorAsIo() {
        Throwable e = error;
        return e instanceof IOException ? (IOException) e : new IOException(String.valueOf(e), e);
    }
}
