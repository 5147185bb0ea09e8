package dev.lindy.internal;

import dev.lindy.Cancellable;
import dev.lindy.http.Headers;
import dev.lindy.http.Response;
import dev.lindy.spi.BodyWriter;
import dev.lindy.spi.Exchange;
import dev.lindy.spi.Loop;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one exchange: answered exactly once, its timers, its deadline and its early close.
 *
 * <p>It deliberately holds no reference to the user-facing context, so a context (and the responder that
 * holds it) dropped by user code can be noticed by the garbage collector and answered with a 500.
 */
final class Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger("dev.lindy.Lifecycle");

    private static final int HANDLING = 0;
    private static final int DEFERRED = 1;
    private static final int STREAMING = 2;
    private static final int DONE = 3;

    private static final AtomicIntegerFieldUpdater<Lifecycle> STATE =
            AtomicIntegerFieldUpdater.newUpdater(Lifecycle.class, "state");

    private final Exchange exchange;
    private volatile int state = HANDLING;
    private volatile Route route;
    private List<Timer> timers;
    private List<Runnable> closeActions;
    private Cancellable deadline;
    private Cleaner.Cleanable watch;

    Lifecycle(Exchange exchange) {
        this.exchange = exchange;
    }

    Loop loop() {
        return exchange.loop();
    }

    void route(Route route) {
        this.route = route;
    }

    /** Returns the route handling the exchange, as method and pattern, for messages. */
    String route() {
        Route r = route;
        return r == null ? "(no route)" : r.toString();
    }

    boolean isDone() {
        return state == DONE;
    }

    boolean isOpen() {
        return state != DONE && exchange.isOpen();
    }

    /** Answers the exchange unless it is already answered, streaming, timed out or closed. */
    boolean answer(Response response) {
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
        return exchange.respond(response);
    }

    BodyWriter stream(int status, Headers headers) {
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
        return exchange.stream(status, headers);
    }

    void streamClosed() {
        if (STATE.getAndSet(this, DONE) != DONE) {
            ended();
        }
    }

    /** Marks the exchange as waiting for a later answer and (re)starts its deadline from now. */
    void defer(Duration timeout) {
        STATE.compareAndSet(this, HANDLING, DEFERRED);
        extend(timeout);
    }

    /** Restarts the deadline of a deferred exchange from now; does nothing in any other state. */
    void extend(Duration timeout) {
        if (state != DEFERRED) {
            return;
        }
        Cancellable timer = exchange.loop().after(timeout, this::expire);
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

    /** Watches a user-facing object: if it becomes unreachable while the exchange is pending, answer 500. */
    synchronized void watch(Cleaner cleaner, Object handle) {
        if (watch == null && state != DONE) {
            watch = cleaner.register(handle, this::abandoned);
        }
    }

    private void expire() {
        if (answer(ErrorPages.page(503, "The response did not arrive in time.", null, false))) {
            LOG.warn("{} missed its deadline; answered 503", route());
        }
    }

    private void abandoned() {
        String message = "Route " + route() + " dropped its responder without answering.";
        if (answer(ErrorPages.page(500, message, null, false))) {
            LOG.error(message);
        }
    }

    /** The client went away, or the host is closing: end the exchange and run the close actions. */
    void closed() {
        if (STATE.getAndSet(this, DONE) == DONE) {
            return;
        }
        ended();
        List<Runnable> actions;
        synchronized (this) {
            actions = closeActions;
            closeActions = null;
        }
        if (actions != null) {
            actions.forEach(Runnable::run);
        }
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

    Cancellable schedule(Duration delay, Runnable task, boolean repeat) {
        Timer timer = new Timer(task, repeat);
        synchronized (this) {
            if (state == DONE) {
                return timer;
            }
            if (timers == null) {
                timers = new ArrayList<>(2);
            }
            timers.add(timer);
        }
        Loop loop = exchange.loop();
        timer.start(repeat ? loop.every(delay, timer) : loop.after(delay, timer));
        if (state == DONE) {
            timer.cancel();
        }
        return timer;
    }

    private void ended() {
        cancelDeadline();
        List<Timer> pending;
        Cleaner.Cleanable watched;
        synchronized (this) {
            pending = timers;
            timers = null;
            watched = watch;
            watch = null;
        }
        if (pending != null) {
            pending.forEach(Timer::cancelHandle);
        }
        if (watched != null) {
            watched.clean();
        }
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
        if (timers != null) {
            timers.remove(timer);
        }
    }

    /** A timer of the request: forgotten when it fires once or is cancelled. */
    private final class Timer implements Cancellable, Runnable {
        private final Runnable task;
        private final boolean repeat;
        private volatile Cancellable handle;
        private volatile boolean cancelled;

        Timer(Runnable task, boolean repeat) {
            this.task = task;
            this.repeat = repeat;
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
            task.run();
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
