package dev.lindy.internal;

import dev.lindy.spi.BodyWriter;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A streamed body in flight: the host's writer, the bytes handed to it but not yet flushed (counted against
 * a budget), and the progress of its writes (watched for a client that stopped reading). It holds neither
 * the request's context nor its {@link Hold}, so a dropped writer can still be noticed.
 */
final class StreamFlow {
    private final BodyWriter body;
    private final long budget;
    private final AtomicLong waitingBytes = new AtomicLong();
    private final AtomicLong waitingWrites = new AtomicLong();
    private final AtomicLong completedWrites = new AtomicLong();
    // Read and written only by the write watch, on the request's loop.
    private long completedAtLastCheck;
    private int stalledChecks;

    StreamFlow(BodyWriter body, long budget) {
        this.body = body;
        this.budget = budget;
    }

    /**
     * Counts a write against the budget: always accepted when nothing waits, otherwise only within it.
     *
     * @return false if the producer ran ahead of the client by more than the budget
     */
    boolean reserve(int bytes) {
        long before = waitingBytes.getAndAdd(bytes);
        if (before > 0 && before + bytes > budget) {
            waitingBytes.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    /** Writes reserved bytes; the stage completes after the counts are updated, so a chained write sees them. */
    CompletionStage<Void> write(byte[] bytes) {
        waitingWrites.incrementAndGet();
        return body.write(bytes).whenComplete((v, e) -> {
            waitingBytes.addAndGet(-bytes.length);
            waitingWrites.decrementAndGet();
            completedWrites.incrementAndGet();
        });
    }

    CompletionStage<Void> close() {
        return body.close();
    }

    void abort() {
        body.abort();
    }

    boolean isOpen() {
        return body.isOpen();
    }

    /**
     * Tells whether writes have waited through two checks in a row without one completing; called
     * periodically by the write watch.
     */
    boolean stalled() {
        long completed = completedWrites.get();
        if (waitingWrites.get() > 0 && completed == completedAtLastCheck) {
            stalledChecks++;
        } else {
            stalledChecks = 0;
        }
        completedAtLastCheck = completed;
        return stalledChecks >= 2;
    }
}
