package dev.lindy.internal;

import dev.lindy.Cancellable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loop's deadlines: timers set by the thousand and nearly always cancelled long before they are due,
 * such as every deferred request's deadline. They share a few durations, so each duration keeps a list in
 * the order its deadlines were set, which is their due order, with one task in the executor's timer heap
 * per list (the sweep), armed for the list's first deadline. While a list has deadlines, setting one
 * appends it and cancelling one unlinks it without touching the heap; a list that empties gives its sweep
 * back. Cancels from other threads reach the loop in batches.
 *
 * <p>Set on the loop's thread only. A sweep runs at most {@value #MAX_PER_SWEEP} due deadlines before the
 * loop's other work gets a turn. Deadlines of different durations keep no order between them.
 */
final class Deadlines {
    private static final Logger LOG = LoggerFactory.getLogger(Deadlines.class);
    // Durations beyond these few go to the executor's heap: a list per duration pays only when many share it.
    private static final int MAX_LISTS = 8;
    private static final int MAX_PER_SWEEP = 256;
    private static final int MAX_PER_UNLINK = 4096;

    private final ScheduledExecutorService executor;
    private final BooleanSupplier inLoop;
    private final long[] durations = new long[MAX_LISTS];
    private final DeadlineList[] lists = new DeadlineList[MAX_LISTS];
    private int count;
    private final ConcurrentLinkedQueue<Entry> cancelledElsewhere = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean unlinkPosted = new AtomicBoolean();
    private final Runnable unlinkCancelled = this::unlinkCancelled;

    Deadlines(ScheduledExecutorService executor, BooleanSupplier inLoop) {
        this.executor = executor;
        this.inLoop = inLoop;
    }

    /**
     * Sets a deadline, on the loop's thread.
     *
     * @param nanos how long from now, positive
     * @param task what runs if it comes
     * @return the deadline, or null when no list is free for this duration
     * @throws RejectedExecutionException if the loop has stopped and the list's sweep must be armed
     */
    Cancellable add(long nanos, Runnable task) {
        DeadlineList list = listFor(nanos);
        return list == null ? null : list.append(System.nanoTime() + nanos, task);
    }

    private DeadlineList listFor(long nanos) {
        for (int i = 0; i < count; i++) {
            if (durations[i] == nanos) {
                return lists[i];
            }
        }
        if (count < MAX_LISTS) {
            durations[count] = nanos;
            lists[count] = new DeadlineList();
            return lists[count++];
        }
        // A duration seen once must not keep its list for good: an idle list goes to the new duration.
        for (int i = 0; i < count; i++) {
            if (lists[i].isIdle()) {
                durations[i] = nanos;
                return lists[i];
            }
        }
        return null;
    }

    private void unlinkCancelled() {
        unlinkPosted.set(false);
        for (int i = 0; i < MAX_PER_UNLINK; i++) {
            Entry e = cancelledElsewhere.poll();
            if (e == null) {
                return;
            }
            e.unlinkHere();
        }
        // More came than one batch takes: the rest wait for the loop's next turn, not its other work.
        postUnlink();
    }

    private void postUnlink() {
        if (unlinkPosted.compareAndSet(false, true)) {
            try {
                executor.execute(unlinkCancelled);
            } catch (RejectedExecutionException refused) {
                unlinkPosted.set(false);
                if (executor.isShutdown()) {
                    // The loop has stopped, and its deadlines with it.
                    cancelledElsewhere.clear();
                }
            }
        }
    }

    /** The deadlines of one duration, first due first. */
    private final class DeadlineList implements Runnable {
        private Entry head;
        private Entry tail;
        // Whether a sweep is in the executor's heap or running; it reschedules itself while the list has some.
        private boolean swept;
        private boolean sweeping;
        private ScheduledFuture<?> sweep;

        boolean isIdle() {
            return head == null && !swept;
        }

        Deadlines owner() {
            return Deadlines.this;
        }

        Entry append(long due, Runnable task) {
            if (!swept) {
                sweepAt(due);
            }
            Entry e = new Entry(due, task, this);
            e.prev = tail;
            if (tail == null) {
                head = e;
            } else {
                tail.next = e;
            }
            tail = e;
            return e;
        }

        void unlink(Entry e) {
            if (e.prev == null) {
                head = e.next;
            } else {
                e.prev.next = e.next;
            }
            if (e.next == null) {
                tail = e.prev;
            } else {
                e.next.prev = e.prev;
            }
            e.prev = null;
            e.next = null;
            e.list = null;
            e.task = null;
            if (head == null && !sweeping && sweep != null) {
                // Emptied by cancels: its sweep goes, so that the list is free for another duration at once.
                sweep.cancel(false);
                sweep = null;
                swept = false;
            }
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            int ran = 0;
            sweeping = true;
            try {
                while (head != null && head.due - now <= 0 && ran < MAX_PER_SWEEP) {
                    Entry e = head;
                    Runnable task = e.task;
                    unlink(e);
                    if (!e.cancelled) {
                        ran++;
                        runGuarded(task);
                    }
                }
            } finally {
                sweeping = false;
                swept = false;
                sweep = null;
                if (head != null) {
                    try {
                        sweepAt(head.due);
                    } catch (RejectedExecutionException stopped) {
                        // The loop is stopping: the deadlines left go with it, as its other timers do.
                    }
                }
            }
        }

        private void sweepAt(long due) {
            sweep = executor.schedule(this, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
            swept = true;
        }
    }

    private static void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            long skipped = LogLimiter.SHARED.admit("deadline task");
            if (skipped >= 0) {
                LOG.error("a deadline's task failed{}", LogLimiter.note(skipped), t);
            }
        }
    }

    // Another thread cancelled a deadline: the loop unlinks it in its next batch.
    private void cancelledElsewhere(Entry e) {
        cancelledElsewhere.add(e);
        postUnlink();
    }

    /**
     * A deadline: due at a time, in its list until it runs or is cancelled. It reaches its {@code Deadlines}
     * through its list, not a field of its own: one per pending request adds up.
     */
    private static final class Entry implements Cancellable {
        final long due;
        Runnable task;
        volatile boolean cancelled;
        DeadlineList list;
        Entry prev;
        Entry next;

        Entry(long due, Runnable task, DeadlineList list) {
            this.due = due;
            this.task = task;
            this.list = list;
        }

        // A cancelled deadline never runs. On the loop's thread a cancel unlinks it at once; from another
        // thread it is unlinked by the loop's next batch, so it does not hold its task until it would be due.
        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            // Null once it ran or was unlinked: then there is nothing left to unlink.
            DeadlineList l = list;
            if (l == null) {
                return;
            }
            Deadlines owner = l.owner();
            if (owner.inLoop.getAsBoolean()) {
                unlinkHere();
                return;
            }
            owner.cancelledElsewhere(this);
        }

        void unlinkHere() {
            if (list != null) {
                list.unlink(this);
            }
        }
    }
}
