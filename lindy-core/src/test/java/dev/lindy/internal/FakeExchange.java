package dev.lindy.internal;

import dev.lindy.Cancellable;
import dev.lindy.http.Headers;
import dev.lindy.http.Request;
import dev.lindy.http.Response;
import dev.lindy.spi.BodyWriter;
import dev.lindy.spi.Exchange;
import dev.lindy.spi.Loop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An exchange that records what the lifecycle does to it, on a loop whose timers fire only when a test
 * fires them; tasks run on one real thread, as on an event loop.
 */
final class FakeExchange implements Exchange, Loop {
    final AtomicInteger responds = new AtomicInteger();
    final AtomicInteger streams = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger aborts = new AtomicInteger();
    final List<Timer> timers = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<Void>> writes = new CopyOnWriteArrayList<>();
    volatile Response response;
    final CompletableFuture<Response> answered = new CompletableFuture<>();
    private final List<Runnable> closeCallbacks = new CopyOnWriteArrayList<>();
    private final ExecutorService thread;
    private volatile Thread loopThread;

    private final Request request;

    FakeExchange() {
        this("/fake");
    }

    FakeExchange(String target) {
        this(Request.builder().target(target).build());
    }

    FakeExchange(Request request) {
        this.request = request;
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fake-loop");
            t.setDaemon(true);
            loopThread = t;
            return t;
        });
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public boolean respond(Response r) {
        responds.incrementAndGet();
        response = r;
        answered.complete(r);
        return true;
    }

    @Override
    public BodyWriter stream(int status, Headers headers) {
        streams.incrementAndGet();
        return new BodyWriter() {
            @Override
            public CompletionStage<Void> write(byte[] chunk) {
                CompletableFuture<Void> flushed = new CompletableFuture<>();
                writes.add(flushed);
                return flushed;
            }

            @Override
            public CompletionStage<Void> close() {
                closes.incrementAndGet();
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void abort() {
                aborts.incrementAndGet();
            }

            @Override
            public boolean isOpen() {
                return closes.get() == 0 && aborts.get() == 0;
            }
        };
    }

    @Override
    public Loop loop() {
        return this;
    }

    @Override
    public void onClose(Runnable callback) {
        closeCallbacks.add(callback);
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void execute(Runnable task) {
        thread.execute(task);
    }

    @Override
    public Cancellable after(Duration delay, Runnable task) {
        Timer t = new Timer(task);
        timers.add(t);
        return t;
    }

    @Override
    public Cancellable every(Duration period, Runnable task) {
        return after(period, task);
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == loopThread;
    }

    /** Waits until the tasks queued so far have run. */
    void settle() throws Exception {
        thread.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    void shutdown() {
        thread.shutdownNow();
    }

    /** Counts the timers that were scheduled and never cancelled. */
    long liveTimers() {
        return timers.stream().filter(t -> !t.cancelled).count();
    }

    static final class Timer implements Cancellable {
        final Runnable task;
        volatile boolean cancelled;

        Timer(Runnable task) {
            this.task = task;
        }

        void fire() {
            if (!cancelled) {
                task.run();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
