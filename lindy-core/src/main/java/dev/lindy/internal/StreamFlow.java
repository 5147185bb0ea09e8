package dev.lindy.internal;

import dev.lindy.spi.BodyWriter;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A streamed body in flight: the host's writer, the bytes handed to it but not yet flushed (counted against
 * a budget), and the progress of its writes, watched for a client that stopped reading and for a producer
 * that stopped writing. It holds neither the request's context nor its {@link Hold}, so a dropped writer
 * can still be noticed.
 */
final class StreamFlow {
    private final BodyWriter body;
    private final long budget;
    private final AtomicLong waitingBytes = new AtomicLong();
    private final AtomicLong waitingWrites = new AtomicLong();
    private final AtomicLong completedWrites = new AtomicLong();
    private final AtomicLong startedWrites = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    // Read and written only by the watch, on the request's loop.
    private long completedAtLastCheck;
    private long startedAtLastCheck;
    private int stalledChecks;
    private int idleChecks;
    // The stream's status, for the access log; the watch's period, and the longest the stream may go without
    // a write (its deadline, which ctx.deadline moves). They live here, not in every request's lifecycle.
    final int status;
    volatile long watchPeriodNanos;
    volatile Duration idle;

    /** What the watch found. */
    enum Verdict {
        /** Writes are progressing, or none is needed yet. */
        FINE,
        /** Writes waited through the write timeout without one completing: the client stopped reading. */
        STALLED,
        /** No write started for the idle limit: the producer is gone. */
        IDLE
    }

    StreamFlow(BodyWriter body, long budget, int status) {
        this.body = body;
        this.budget = budget;
        this.status = status;
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
        startedWrites.incrementAndGet();
        waitingWrites.incrementAndGet();
        return body.write(bytes).whenComplete((v, e) -> {
            waitingBytes.addAndGet(-bytes.length);
            waitingWrites.decrementAndGet();
            completedWrites.incrementAndGet();
            if (e == null) {
                written.addAndGet(bytes.length);
            }
        });
    }

    /** Returns the bytes whose writes completed, for the access log. */
    long bytesWritten() {
        return written.get();
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
     * Judges the stream; called by the watch every period. Writes are stalled when they have waited, with
     * none completing, through {@code stallLimit} checks in a row (so for at least {@code stallLimit - 1}
     * whole periods); the stream is idle when no write started and none waits through {@code idleLimit}
     * checks.
     *
     * @param stallLimit how many checks without a completion make waiting writes stalled
     * @param idleLimit how many checks without a new write make the stream idle
     */
    Verdict check(int stallLimit, int idleLimit) {
        long completed = completedWrites.get();
        long started = startedWrites.get();
        if (waitingWrites.get() > 0 && completed == completedAtLastCheck) {
            stalledChecks++;
        } else {
            stalledChecks = 0;
        }
        idleChecks = started == startedAtLastCheck ? idleChecks + 1 : 0;
        completedAtLastCheck = completed;
        startedAtLastCheck = started;
        if (stalledChecks >= stallLimit) {
            return Verdict.STALLED;
        }
        return idleChecks >= idleLimit && waitingWrites.get() == 0 ? Verdict.IDLE : Verdict.FINE;
    }
}
