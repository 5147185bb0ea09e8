package dev.lindy.internal;

import dev.lindy.Action;
import dev.lindy.Cancellable;
import dev.lindy.Settings;
import dev.lindy.http.Headers;
import dev.lindy.http.Response;
import dev.lindy.spi.Exchange;
import dev.lindy.spi.Loop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one exchange: answered exactly once (whole, or as a stream that is closed or aborted once),
 * its timers, its deadline, its write watch, its early close, and the {@link Hold} that tells when no one
 * can answer it any more.
 *
 * <p>States: handling (the handler runs), deferred (waiting for a later answer), streaming, done. Every
 * transition to done is a single compare-and-set, so racing answers, deadlines, disconnects and stream
 * failures end the exchange once; whoever wins ({@link #claim}) cancels the timers, and only the winner's
 * answer goes through the after phase and out ({@link #deliver}). Errors the lifecycle finds itself (a
 * missed deadline, a dropped responder, a handler past its timeout) go through {@link #answerError}, so that
 * they get the app's error pages and after hooks like any answer.
 *
 * <p>The request's context extends its lifecycle, where it once owned one: a pending request is then one
 * object fewer, with no fields pointing from one to the other, and the hooks are methods, not lambdas. The
 * settings and the access log are asked of the subclass for the same reason, and the lifecycle is itself the
 * callback its exchange runs when the client goes away ({@link #run}).
 */
abstract class Lifecycle implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger("dev.lindy.Lifecycle");

    private static final int HANDLING = 0;
    private static final int DEFERRED = 1;
    private static final int STREAMING = 2;
    private static final int DONE = 3;

    private static final AtomicIntegerFieldUpdater<Lifecycle> STATE =
            AtomicIntegerFieldUpdater.newUpdater(Lifecycle.class, "state");

    private static final AtomicIntegerFieldUpdater<Lifecycle> LOGGED =
            AtomicIntegerFieldUpdater.newUpdater(Lifecycle.class, "logged");

    private final Exchange exchange;
    private final long startNanos;
    private volatile int logged;
    private volatile int state = HANDLING;
    // The route handling the exchange; after a forward, the one before until another matches.
    private volatile Route route;
    // Made when the hold is first unpinned with the exchange still open: most exchanges end while their
    // handler runs, and need no weak reference for the collector to track.
    private volatile Hold.Ref holdRef;
    private volatile StreamFlow flow;
    // Guarded by this.
    private Hold pinned;
    // The pending timers, linked through themselves: most requests have none or one, and a list would cost
    // each of them two objects.
    private Timer timers;
    private List<Runnable> closeActions;
    private List<Runnable> endActions;
    private boolean ended;
    private Cancellable deadline;
    private Cancellable writeWatch;

    /**
     * Starts the life of an exchange.
     *
     * @param exchange the exchange
     * @param timed whether its duration is measured, for the access log
     */
    Lifecycle(Exchange exchange, boolean timed) {
        this.exchange = exchange;
        this.startNanos = timed ? System.nanoTime() : 0;
    }

    /** Returns the app's settings: timeouts and buffer sizes. */
    abstract Settings settings();

    /** Returns the access log, or null when it is off. */
    abstract AccessLog accessLog();

    /**
     * Answers with an error the lifecycle found itself, through the app's error pages and after phase,
     * unless the exchange is already answered.
     *
     * @return true if this call answered
     */
    abstract boolean answerError(int status, String message);

    /** Runs a timer's task, as the app's code runs: its failure is the request's to answer. */
    abstract void runTimer(Action task);

    /** The exchange ended, however it ended; called once, after the end actions ran. */
    void exchangeEnded() {
    }

    // Once per exchange, when it ends: its answer handed over, its stream ended, or its client gone. The start
    // on the wall clock is found from the elapsed time, which saves each request a field.
    private void logEnd(int status, long bytes) {
        AccessLog log = accessLog();
        if (log != null && LOGGED.compareAndSet(this, 0, 1)) {
            long elapsed = System.nanoTime() - startNanos;
            long startMillis = System.currentTimeMillis() - elapsed / 1_000_000;
            log.record(exchange.request(), route(), startMillis, elapsed, status, bytes);
        }
    }

    Loop loop() {
        return exchange.loop();
    }

    Exchange exchange() {
        return exchange;
    }

    void route(Route route) {
        this.route = route;
    }

    /**
     * Returns the route handling the exchange, as method and pattern.
     *
     * @return the route, or {@code (no route)}
     */
    public String route() {
        Route r = route;
        return r == null ? "(no route)" : r.toString();
    }

    boolean isDone() {
        return state == DONE;
    }

    boolean isStreaming() {
        return state == STREAMING;
    }

    boolean isOpen() {
        return state != DONE && exchange.isOpen();
    }

    // ---- the hold --------------------------------------------------------------------------------------

    /**
     * Returns the exchange's hold, making it on first use. While the handler runs the lifecycle itself
     * pins it; once the exchange is deferred only the things that can answer keep it.
     */
    Hold hold() {
        Hold.Ref ref = holdRef;
        Hold h = ref == null ? null : ref.get();
        if (h != null) {
            return h;
        }
        synchronized (this) {
            if (holdRef == null) {
                if (ended) {
                    return Hold.DETACHED;
                }
                if (pinned == null) {
                    pinned = new Hold();
                }
                return pinned;
            }
            h = holdRef.get();
        }
        // Dropped already: the exchange was ended for it.
        return h != null ? h : Hold.DETACHED;
    }

    /** The handler runs again (after a pass): pin the hold until it answers or defers. */
    synchronized void pin() {
        pinned = hold();
    }

    // From here on only what can still answer keeps the hold: the collector watches for its drop.
    private synchronized void unpin() {
        Hold h = pinned;
        pinned = null;
        if (h != null && holdRef == null && !ended) {
            holdRef = new Hold.Ref(h, this);
        }
    }

    // ---- answering -------------------------------------------------------------------------------------

    /**
     * Wins the right to answer, once: true for the one caller that ends a pending exchange. The winner then
     * {@link #deliver}s its answer; everyone else's answer is dropped before any after hook sees it.
     */
    boolean claim() {
        for (;;) {
            int s = state;
            if (s >= STREAMING) {
                return false;
            }
            if (STATE.compareAndSet(this, s, DONE)) {
                break;
            }
        }
        ended();
        return true;
    }

    /** Sends the answer the {@link #claim} winner prepared. */
    boolean deliver(Response response) {
        boolean sent = exchange.respond(response);
        if (accessLog() != null) {
            logEnd(sent ? response.status() : 499,
                    sent ? (response.file() != null ? response.file().length() : response.body().length) : 0);
        }
        return sent;
    }

    /** Wins the right to answer with a stream: from now on no deadline, no other answer. */
    void claimStream() {
        for (;;) {
            int s = state;
            if (s >= STREAMING) {
                throw new IllegalStateException("the request to " + route() + " was already answered");
            }
            if (STATE.compareAndSet(this, s, STREAMING)) {
                break;
            }
        }
        cancelDeadline();
    }

    /**
     * Sends the stream's head, once {@link #claimStream} was won; from then on the byte budget applies, and a
     * watch ends the stream when its writes stall past the write timeout or nothing is written for its
     * deadline.
     *
     * @param idle the stream's deadline: the longest it may go without a write
     */
    StreamFlow openStream(int status, Headers headers, Duration idle) {
        Settings settings = settings();
        StreamFlow f = new StreamFlow(exchange.stream(status, headers), settings.streamBufferBytes(), status);
        f.idle = idle;
        flow = f;
        if (state == DONE) {
            // Ended by a racing failure before the writer existed: it ends with the exchange.
            f.abort();
            return f;
        }
        Duration shorter = idle.compareTo(settings.writeTimeout()) < 0 ? idle : settings.writeTimeout();
        Duration period = shorter.dividedBy(2);
        if (period.toMillis() < 1) {
            period = Duration.ofMillis(1);
        }
        f.watchPeriodNanos = period.toNanos();
        Cancellable watch = exchange.loop().every(period, this::checkStream);
        synchronized (this) {
            writeWatch = watch;
        }
        if (state != STREAMING) {
            watch.cancel();
        }
        return f;
    }

    /**
     * Ends a stream as if its producer closed it (the server is shutting down): the client gets the final
     * chunk, and the close actions run so the producer learns it.
     *
     * @return true if this call ended the stream
     */
    boolean endStream() {
        if (!streamClosed()) {
            return false;
        }
        StreamFlow f = flow;
        if (f != null) {
            f.close();
        }
        runCloseActions();
        return true;
    }

    /** The producer closed its stream: the exchange is complete. */
    boolean streamClosed() {
        if (!STATE.compareAndSet(this, STREAMING, DONE)) {
            return false;
        }
        ended();
        logStream();
        return true;
    }

    private void logStream() {
        StreamFlow f = flow;
        logEnd(f == null ? 499 : f.status, f == null ? 0 : f.bytesWritten());
    }

    /**
     * Ends a stream abnormally: the client sees an incomplete body, the timers stop, the close actions run.
     *
     * @param reason what went wrong, for the log
     * @param cause the failure, or null
     * @return true if this call ended the stream
     */
    boolean abortStream(String reason, Throwable cause) {
        if (!STATE.compareAndSet(this, STREAMING, DONE)) {
            return false;
        }
        ended();
        logStream();
        StreamFlow f = flow;
        if (f != null) {
            f.abort();
        }
        long skipped = LogLimiter.SHARED.admit("abort " + route());
        if (skipped >= 0) {
            LOG.error("{} {}; the stream was ended{}", route(), reason, LogLimiter.note(skipped), cause);
        }
        runCloseActions();
        return true;
    }

    private void checkStream() {
        StreamFlow f = flow;
        if (state != STREAMING || f == null) {
            return;
        }
        Settings settings = settings();
        long period = f.watchPeriodNanos;
        int stallLimit = (int) ceilDiv(settings.writeTimeout().toNanos(), period) + 1;
        int idleLimit = (int) Math.max(1, ceilDiv(f.idle.toNanos(), period));
        switch (f.check(stallLimit, idleLimit)) {
            case STALLED:
                abortStream("wrote to a client that stopped reading (no write completed within the write timeout of "
                        + settings.writeTimeout() + ")", null);
                break;
            case IDLE:
                abortStream("wrote nothing for its deadline of " + f.idle
                        + " (a dropped writer, or a producer that stopped: raise ctx.deadline for a quiet stream)", null);
                break;
            default:
                break;
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    // ---- waiting ---------------------------------------------------------------------------------------

    /**
     * Marks the exchange as waiting for a later answer, restarts its deadline from now, and unpins the
     * hold: from here on only the things that can answer keep the exchange alive.
     */
    void defer(Duration timeout) {
        hold();
        STATE.compareAndSet(this, HANDLING, DEFERRED);
        extend(timeout);
        unpin();
    }

    /** The handler is done and did not defer (it answered, or answered into a started stream): unpin the hold. */
    void release() {
        unpin();
    }

    /** A deferred exchange is handled again (a pass from a callback): its deadline waits for the next route. */
    void handleAgain() {
        if (STATE.compareAndSet(this, DEFERRED, HANDLING)) {
            cancelDeadline();
        }
        pin();
    }

    /**
     * Restarts the deadline of a deferred exchange from now; for a stream, sets the longest it may go
     * without a write; does nothing in any other state.
     */
    void extend(Duration timeout) {
        if (state == STREAMING) {
            // Before the stream's head, openStream sets the deadline it is given.
            StreamFlow f = flow;
            if (f != null) {
                f.idle = timeout;
            }
            return;
        }
        if (state != DEFERRED) {
            return;
        }
        Cancellable timer = exchange.loop().deadline(timeout, this::expire);
        Cancellable previous;
        synchronized (this) {
            previous = deadline;
            deadline = timer;
        }
        if (previous != null) {
            previous.cancel();
        }
        if (state == DONE) {
            cancelDeadline();
        }
    }

    private void expire() {
        if (answerError(503, "The response did not arrive in time.")) {
            long skipped = LogLimiter.SHARED.admit("deadline " + route());
            if (skipped >= 0) {
                LOG.warn("{} missed its deadline; answered 503{}", route(), LogLimiter.note(skipped));
            }
        }
    }

    /** A blocking handler ran past its timeout without answering: answer 503; true if this call did. */
    boolean handlerTimedOut() {
        if (state != HANDLING || !answerError(503, "The server took too long to answer this request.")) {
            return false;
        }
        long skipped = LogLimiter.SHARED.admit("timeout " + route());
        if (skipped >= 0) {
            LOG.warn("{} ran longer than the handler timeout of {} without answering; answered 503 and interrupted it{}",
                    route(), settings().handlerTimeout(), LogLimiter.note(skipped));
        }
        return true;
    }

    /** Nothing can answer any more: the responder, writer, timers and stages were all dropped. */
    void abandoned() {
        if (state == STREAMING) {
            abortStream("dropped its stream writer without closing it", null);
            return;
        }
        String message = "Route " + route() + " dropped its responder without answering.";
        if (answerError(500, message)) {
            long skipped = LogLimiter.SHARED.admit("dropped " + route());
            if (skipped >= 0) {
                LOG.error("{}{}", message, LogLimiter.note(skipped));
            }
        }
    }

    // ---- the client's side -----------------------------------------------------------------------------

    /** The exchange's close callback: the client went away, or the host is closing (see {@link #closed}). */
    @Override
    public final void run() {
        closed();
    }

    /** The client went away, or the host is closing: end the exchange and run the close actions. */
    void closed() {
        if (STATE.getAndSet(this, DONE) == DONE) {
            return;
        }
        ended();
        logStream();
        runCloseActions();
    }

    void onClose(Runnable action) {
        synchronized (this) {
            if (state != DONE) {
                if (closeActions == null) {
                    closeActions = new ArrayList<>(2);
                }
                closeActions.add(action);
            }
        }
    }

    private void runCloseActions() {
        List<Runnable> actions;
        synchronized (this) {
            actions = closeActions;
            closeActions = null;
        }
        if (actions == null) {
            return;
        }
        Loop loop = exchange.loop();
        if (loop.inLoop()) {
            actions.forEach(Runnable::run);
        } else {
            loop.execute(() -> actions.forEach(Runnable::run));
        }
    }

    // ---- timers ----------------------------------------------------------------------------------------

    Cancellable schedule(Duration delay, Action task, boolean repeat) {
        Timer timer = new Timer(task, repeat, hold());
        synchronized (this) {
            if (state == DONE) {
                return timer;
            }
            timer.next = timers;
            if (timers != null) {
                timers.prev = timer;
            }
            timers = timer;
        }
        Loop loop = exchange.loop();
        timer.start(repeat ? loop.every(delay, timer) : loop.after(delay, timer));
        if (state == DONE) {
            timer.cancel();
        }
        return timer;
    }

    /**
     * Registers an action run once when the exchange ends, however it ends (answered, stream closed or
     * aborted, client gone): cleaning up what the request left, such as temporary files. Runs at once if
     * the exchange has ended already.
     *
     * @return forgets the action, so that what it holds is not kept until the end of a long-lived request
     */
    Cancellable onEnd(Runnable action) {
        synchronized (this) {
            if (!ended) {
                if (endActions == null) {
                    endActions = new ArrayList<>(2);
                }
                endActions.add(action);
                return () -> forgetEndAction(action);
            }
        }
        action.run();
        return () -> { };
    }

    private synchronized void forgetEndAction(Runnable action) {
        if (endActions != null) {
            endActions.remove(action);
        }
    }

    private void ended() {
        Timer pending;
        Cancellable d;
        Cancellable w;
        Hold.Ref ref;
        List<Runnable> atEnd;
        synchronized (this) {
            ended = true;
            atEnd = endActions;
            endActions = null;
            pending = timers;
            timers = null;
            d = deadline;
            deadline = null;
            w = writeWatch;
            writeWatch = null;
            pinned = null;
            ref = holdRef;
        }
        if (d != null) {
            d.cancel();
        }
        if (w != null) {
            w.cancel();
        }
        // No one unlinks a timer once the exchange ended: the chain is this thread's to walk. The links go,
        // so that a timer an app keeps does not keep the others reachable.
        for (Timer t = pending; t != null;) {
            Timer next = t.next;
            t.prev = null;
            t.next = null;
            t.cancelHandle();
            t = next;
        }
        if (ref != null) {
            ref.clear();
        }
        if (atEnd != null) {
            // One action that fails must neither keep the others from running nor leave the request open for
            // a drain to wait on.
            for (Runnable action : atEnd) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.error("an action at the end of {} failed", route(), e);
                }
            }
        }
        exchangeEnded();
    }

    private void cancelDeadline() {
        Cancellable d;
        synchronized (this) {
            d = deadline;
            deadline = null;
        }
        if (d != null) {
            d.cancel();
        }
    }

    private synchronized void forget(Timer timer) {
        if (ended || (timer.prev == null && timers != timer)) {
            return;
        }
        if (timer.prev != null) {
            timer.prev.next = timer.next;
        } else {
            timers = timer.next;
        }
        if (timer.next != null) {
            timer.next.prev = timer.prev;
        }
        timer.prev = null;
        timer.next = null;
    }

    /** A timer of the request: it holds the request's hold, and is forgotten when it fires once or is cancelled. */
    private final class Timer implements Cancellable, Runnable {
        private final Action task;
        private final boolean repeat;
        private final Hold hold;
        private volatile Cancellable handle;
        private volatile boolean cancelled;
        // Neighbours among the lifecycle's pending timers, guarded by the lifecycle.
        private Timer prev;
        private Timer next;

        Timer(Action task, boolean repeat, Hold hold) {
            this.task = task;
            this.repeat = repeat;
            this.hold = hold;
        }

        void start(Cancellable handle) {
            this.handle = handle;
            if (cancelled) {
                handle.cancel();
            }
        }

        @Override
        public void run() {
            if (cancelled) {
                return;
            }
            if (!repeat) {
                forget(this);
            }
            try {
                runTimer(task);
            } finally {
                hold.touch();
            }
        }

        @Override
        public void cancel() {
            forget(this);
            cancelHandle();
        }

        void cancelHandle() {
            cancelled = true;
            Cancellable h = handle;
            if (h != null) {
                h.cancel();
            }
        }
    }
}
