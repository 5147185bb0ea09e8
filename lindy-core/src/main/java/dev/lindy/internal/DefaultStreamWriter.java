package dev.lindy.internal;

import dev.lindy.StreamWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A streamed body as the producer sees it: writes go to the flow within its byte budget; closing ends the
 * request's life once. It holds the request's {@link Hold}: a writer dropped without being closed is noticed.
 */
final class DefaultStreamWriter implements StreamWriter {
    private final StreamFlow flow;
    private final Lifecycle lifecycle;
    private final Hold hold;
    private final AtomicBoolean closed = new AtomicBoolean();

    DefaultStreamWriter(StreamFlow flow, Lifecycle lifecycle, Hold hold) {
        this.flow = flow;
        this.lifecycle = lifecycle;
        this.hold = hold;
    }

    @Override
    public CompletionStage<Void> write(String text) {
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    // Each call keeps the hold reachable until it is done, so the writer cannot look dropped mid-call.
    @Override
    public CompletionStage<Void> write(byte[] bytes) {
        try {
            if (!isOpen()) {
                return CompletableFuture.failedFuture(new IOException("the stream is closed or the client has gone"));
            }
            if (!flow.reserve(bytes.length)) {
                lifecycle.abortStream("wrote more than streamBufferBytes without waiting for earlier writes to complete", null);
                return CompletableFuture.failedFuture(new IOException(
                        "the stream was ended: more than streamBufferBytes were written without waiting for earlier writes"));
            }
            return flow.write(bytes);
        } finally {
            hold.touch();
        }
    }

    @Override
    public CompletionStage<Void> close() {
        try {
            if (!closed.compareAndSet(false, true)) {
                return CompletableFuture.completedFuture(null);
            }
            if (!lifecycle.streamClosed()) {
                return CompletableFuture.failedFuture(new IOException("the stream had already ended"));
            }
            return flow.close();
        } finally {
            hold.touch();
        }
    }

    @Override
    public void fail(Throwable error) {
        try {
            lifecycle.abortStream("failed while streaming", error);
        } finally {
            hold.touch();
        }
    }

    @Override
    public boolean isOpen() {
        return !closed.get() && !lifecycle.isDone() && flow.isOpen();
    }
}
