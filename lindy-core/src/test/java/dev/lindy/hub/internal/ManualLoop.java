package dev.lindy.hub.internal;

import dev.lindy.Cancellable;
import dev.lindy.spi.Loop;
import java.time.Duration;
import java.util.ArrayDeque;

/** A loop whose tasks run only when the test says so, on the test's thread. */
final class ManualLoop implements Loop {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs the queued tasks, and those they queue, until none is left. */
    void runAll() {
        for (;;) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
            }
            if (next == null) {
                return;
            }
            running = true;
            try {
                next.run();
            } finally {
                running = false;
            }
        }
    }

    synchronized int queued() {
        return tasks.size();
    }

    @Override
    public Cancellable after(Duration delay, Runnable task) {
        throw new UnsupportedOperationException("no timers in these tests");
    }

    @Override
    public Cancellable every(Duration period, Runnable task) {
        throw new UnsupportedOperationException("no timers in these tests");
    }

    @Override
    public boolean inLoop() {
        return running;
    }
}
