package dev.lindy.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A pool of threads for blocking handlers (platform threads, or virtual ones where the JDK has them) that keeps
 * about {@code parallelism} handlers running while they compute, and adds a thread for each one that blocks,
 * up to {@code max} threads.
 *
 * <p>A {@code ThreadPoolExecutor} with {@code max} core threads starts a thread per task until it has all
 * of them, and then every idle thread waits on one queue lock: on two cores, 256 threads took turns at that
 * lock, and the event loop submitting a task waited behind them. Here a submission takes no lock on its way
 * (only the one that starts a watch schedules the monitor): admission is one atomic count and a task goes into
 * a lock-free queue. A thread that finishes a task takes the next one from the queue without parking, and
 * while one does, a submission wakes nobody.
 *
 * <p>Waking a thread for every task that found none looking cost two context switches a task and, under 64
 * connections on two cores, about a hundred threads taking turns. So a submission wakes a thread (the one that
 * parked last, its caches warm) or starts one only while fewer tasks run than {@code allowed}: the
 * parallelism, plus the threads found blocked. A thread is blocked when it waits (its state is not runnable:
 * a lock, a sleep, a virtual thread's I/O), or when it is a platform thread that has been in one task for over
 * a tick and used under a tenth of the last tick's CPU time, as in a socket read. While at least the
 * parallelism runs or tasks wait, the pool looks every tick, sets {@code allowed} anew, and wakes a thread for
 * each waiting task it allows; when every running thread waits it allows twice as many, so a burst of a
 * hundred handlers that block has its threads within a few ticks. A thread that finishes a task while at least
 * {@code allowed} others run parks instead of taking the next: threads added for handlers that blocked leave
 * again once handlers compute. A platform thread that gets no core for a whole tick looks like a socket read
 * too; that costs a thread, which steps aside again. Threads idle for the keep-alive time end: a platform thread
 * parks with that timeout; a virtual thread parks with none, since a timed park costs its scheduler a timer task
 * at every hand-off, and the monitor ends those idle that long, looking when the one idle longest is due, so
 * within about twice the keep-alive.
 */
final class WorkerPool extends AbstractExecutorService {
    // How often the pool looks for blocked threads, and how long a runnable thread is in one task before its CPU
    // time is read to tell whether it blocks.
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    // How long the one thread that spins polls the queue before it parks: a task arriving meanwhile costs no
    // wake (two context switches). Only where another core can submit while it spins, and not on a virtual
    // thread, which would hold its carrier. On two cores under 64 connections it saved more than half the
    // context switches; under 256, where the event loops are the bottleneck, it costs about what it saves.
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final boolean MANY_CORES = Runtime.getRuntime().availableProcessors() > 1;

    private final ThreadFactory factory;
    private final int max;
    private final int parallelism;
    private final int maxQueued;
    private final int limit;
    private final long keepAliveNanos;
    // Tasks admitted and not yet finished: running or queued.
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();
    // Threads between tasks that will look at the queue before they park, counted from when they are woken.
    private final AtomicInteger searching = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    // Tasks that may run at once: the parallelism, plus the threads found blocked at the last look.
    private volatile int allowed;
    private final AtomicBoolean watching = new AtomicBoolean();
    private final AtomicBoolean spinner = new AtomicBoolean();
    // Whether the monitor will look for virtual threads idle for the keep-alive.
    private final AtomicBoolean retiring = new AtomicBoolean();
    private final ScheduledThreadPoolExecutor monitor;
    private volatile long lastLook;
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final Set<Worker> all = ConcurrentHashMap.newKeySet();
    private final Object terminated = new Object();
    private volatile boolean shutdown;

    WorkerPool(ThreadFactory factory, int max, int parallelism, int maxQueued, long keepAlive, TimeUnit unit) {
        this.factory = factory;
        this.max = max;
        this.parallelism = Math.max(1, Math.min(max, parallelism));
        this.allowed = this.parallelism;
        this.maxQueued = maxQueued;
        this.limit = (int) Math.min(Integer.MAX_VALUE, (long) max + maxQueued);
        this.keepAliveNanos = unit.toNanos(keepAlive);
        // The pool's own monitor thread, ended a second after it has nothing to watch and no idle virtual
        // thread to end: no thread outlives the app's workers (a container undeploying it), and the class
        // loader it sees is the app's, whichever thread first submits.
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        this.monitor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lindy-workers-monitor");
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        });
        monitor.setKeepAliveTime(1, TimeUnit.SECONDS);
        monitor.allowCoreThreadTimeOut(true);
        // A look for idle threads still due when the pool terminates would keep the monitor's thread till then.
        monitor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public void execute(Runnable task) {
        // Counted before the shutdown is read: either this sees the shutdown, or shutdown() sees this task.
        if (admitted.incrementAndGet() > limit) {
            finished();
            throw new RejectedExecutionException("all " + max + " workers are busy and " + maxQueued + " tasks wait");
        }
        if (shutdown) {
            finished();
            throw new RejectedExecutionException("the workers are shut down");
        }
        queue.offer(task);
        // shutdownNow() may have emptied the queue between the check above and the offer.
        if (shutdown && queue.remove(task)) {
            finished();
            throw new RejectedExecutionException("the workers are shut down");
        }
        if (searching.get() > 0) {
            return;
        }
        try {
            more();
        } catch (RejectedExecutionException e) {
            if (queue.remove(task)) {
                finished();
                throw e;
            }
        }
    }

    // A task waits and no thread searches: a thread is woken for it if one more may run; otherwise a running
    // thread takes it when its task ends, or the monitor finds that they all block.
    private void more() {
        int runs = running.get();
        if (runs >= parallelism) {
            watch();
        }
        // Not when threads already woken will take every waiting task.
        if (runs < allowed && unclaimed() > 0) {
            signal();
        }
    }

    // From a worker or the monitor: a thread that cannot be started leaves the task queued for the threads there
    // are, and for the monitor, which tries again.
    private void moreQuietly() {
        try {
            more();
        } catch (RuntimeException | Error e) {
            // No thread could be started (an Error too: out of memory for one, at the process's thread limit).
            watch();
        }
    }

    // Wakes the idle thread that parked last, or starts a thread when every one is busy and there may be more.
    private void signal() {
        Worker w = idle.pollFirst();
        if (w != null) {
            // Searching from now, not from when it runs: until then, another submission would wake one more.
            searching.incrementAndGet();
            w.wake();
            return;
        }
        for (int n = threads.get(); n < max; n = threads.get()) {
            if (threads.compareAndSet(n, n + 1)) {
                start();
                return;
            }
        }
    }

    // Counted as searching before it runs, as a woken thread is. One that fails to start gives the count back;
    // a task whose submitter left it for that thread meanwhile is the monitor's to place.
    private void start() {
        searching.incrementAndGet();
        Worker w = null;
        try {
            w = new Worker();
            w.thread = factory.newThread(w::run);
            all.add(w);
            w.thread.start();
        } catch (RuntimeException | Error e) {
            if (w != null) {
                all.remove(w);
            }
            searching.decrementAndGet();
            threads.decrementAndGet();
            if (!queue.isEmpty()) {
                watch();
            }
            throw new RejectedExecutionException("cannot start a worker thread", e);
        }
    }

    private void watch() {
        if (!watching.get() && watching.compareAndSet(false, true)) {
            lastLook = System.nanoTime();
            schedule();
        }
    }

    private void schedule() {
        try {
            monitor.schedule(this::look, TICK_NANOS, TimeUnit.NANOSECONDS);
        } catch (RuntimeException | Error e) {
            // The pool has terminated, so nothing is left to watch; or the monitor's thread could not be made
            // (out of memory, the thread limit): the next watch tries again. Either way the caller, a submitter
            // or a worker between tasks, must go on.
            watching.set(false);
        }
    }

    // On the monitor's thread, every tick while it watches.
    private void look() {
        boolean again = true;
        try {
            again = lookOnce();
        } catch (RuntimeException | Error e) {
            // Whatever failed, the watch goes on while there is something to watch.
            again = worthWatching();
        } finally {
            if (again) {
                schedule();
            } else {
                watching.set(false);
                // A task queued as the watch ended may have been left to a thread that stepped aside, or to one
                // that failed to start: it must not go unwatched.
                if (!queue.isEmpty()) {
                    watch();
                }
            }
        }
    }

    // Counts the blocked threads, allows as many more tasks to run, and wakes a thread for each waiting task
    // that may now run. Tells whether to look again.
    private boolean lookOnce() {
        long now = System.nanoTime();
        // A look that comes late (the whole JVM paused, or the monitor got no CPU) would find every task old.
        boolean timely = now - lastLook < 3 * TICK_NANOS;
        lastLook = now;
        int busy = 0;
        int waits = 0;
        int reads = 0;
        for (Worker w : all) {
            if (w.busy) {
                busy++;
                int state = w.state(now, timely);
                if (state == Worker.WAITS) {
                    waits++;
                } else if (state == Worker.READS) {
                    reads++;
                }
            }
        }
        int allow = parallelism + waits + reads;
        // Only threads seen waiting, not ones judged by their CPU time (a thread can also lack CPU because the
        // cores are busy), double what may run.
        if (waits > 0 && waits >= busy) {
            allow = Math.max(allow, 2 * waits);
        }
        allowed = allow;
        int runs = running.get();
        int waiting = admitted.get() - runs;
        // Threads already woken or started take their tasks without another wake.
        for (int n = Math.min(allow - runs, waiting) - searching.get(); n > 0 && unclaimed() > 0; n--) {
            try {
                signal();
            } catch (RejectedExecutionException e) {
                break;
            }
        }
        return worthWatching();
    }

    // At least the parallelism runs, so some may block, or tasks wait.
    private boolean worthWatching() {
        return running.get() >= parallelism || !queue.isEmpty();
    }

    // Waiting tasks that no woken or started thread is about to take.
    private int unclaimed() {
        return admitted.get() - running.get() - searching.get();
    }

    private void finished() {
        if (admitted.decrementAndGet() == 0 && shutdown) {
            terminate();
        }
    }

    private void terminate() {
        monitor.shutdown();
        // Threads that parked while tasks still waited end now, not at their keep-alive.
        for (Worker w : idle) {
            LockSupport.unpark(w.thread);
        }
        synchronized (terminated) {
            terminated.notifyAll();
        }
    }

    /** One thread of the pool; it starts out searching the queue. */
    private final class Worker {
        volatile Thread thread;
        private volatile boolean woken;
        private volatile boolean busy;
        private volatile long since;
        // When this thread last listed itself idle: its keep-alive counts from there.
        private volatile long idleSince;
        // Set by the thread itself before it first parks.
        private volatile boolean virtual;
        // Whether this thread is counted in searching; read only by its own thread, to give the count back if
        // the thread ends by surprise.
        private boolean counted = true;

        // What a look finds a busy worker doing.
        static final int COMPUTES = 0;
        static final int WAITS = 1;
        static final int READS = 2;

        // Read and written by the monitor only: the CPU time of this thread at the last look, in which task.
        private long sampledTask;
        private long sampledAt;
        private long sampledCpu;

        // On the monitor's thread, for a busy worker: WAITS when its state says so (a lock, a sleep, a virtual
        // thread's I/O), READS when it is a runnable platform thread that has used under a tenth of the CPU time
        // of at least two ticks since the monitor first saw it over a tick into its task (a socket read), else
        // COMPUTES.
        int state(long now, boolean timely) {
            Thread t = thread;
            if (t == null) {
                return COMPUTES;
            }
            long task = since;
            if (t.getState() != Thread.State.RUNNABLE) {
                // A sample from before the wait would make a later tick of computing look idle.
                sampledTask = 0;
                return WAITS;
            }
            if (now - task <= TICK_NANOS) {
                return COMPUTES;
            }
            long cpu = cpuTime(t);
            if (cpu < 0) {
                // A virtual thread: its I/O parks it, so runnable means computing, or waiting for a carrier.
                return COMPUTES;
            }
            if (!timely || sampledTask != task) {
                // The first sample of this task, or a fresh one after a late look: a pause of the whole JVM would
                // look like a thread using no CPU.
                sampledTask = task;
                sampledAt = now;
                sampledCpu = cpu;
                return COMPUTES;
            }
            // Over all the ticks since the first sample, not the last one alone: a thread that computes can go
            // without a core for a tick or two when more threads than cores are runnable.
            long elapsed = now - sampledAt;
            return elapsed >= 2 * TICK_NANOS && cpu - sampledCpu < elapsed / 10 ? READS : COMPUTES;
        }

        private long cpuTime(Thread t) {
            try {
                return CpuClock.of(t);
            } catch (LinkageError e) {
                // A runtime without java.management: no thread is judged by its CPU time.
                return -1;
            }
        }

        void wake() {
            woken = true;
            LockSupport.unpark(thread);
        }

        void run() {
            // The class's name, as Thread.isVirtual() does not exist on Java 17.
            virtual = thread.getClass().getName().endsWith("VirtualThread");
            boolean spins = MANY_CORES && !virtual;
            boolean normal = false;
            // After a task, when at least as many other threads run as may: this one parks, they take the queue.
            boolean stepAside = false;
            try {
                while (true) {
                    stepAside = stepAside && running.get() >= allowed;
                    Runnable task = stepAside ? null : queue.poll();
                    if (task == null && !stepAside && spins) {
                        task = spin();
                    }
                    if (task == null) {
                        idleSince = System.nanoTime();
                        idle.offerFirst(this);
                        searching.decrementAndGet();
                        counted = false;
                        // A task offered while this thread still counted as searching woke nobody: look again,
                        // unless the threads that run will.
                        task = stepAside && running.get() >= allowed ? null : queue.poll();
                        if (task == null) {
                            if (stepAside) {
                                watch();
                            }
                            if (!await()) {
                                normal = true;
                                return;
                            }
                            // Whoever woke this thread counted it as searching.
                            counted = true;
                            stepAside = false;
                            continue;
                        }
                        if (idle.removeFirstOccurrence(this)) {
                            searching.incrementAndGet();
                        } else {
                            // A submitter took this thread from the idle list, counted it and is waking it: take
                            // that wake now, or it would leave this thread listed idle while it runs.
                            while (!woken) {
                                LockSupport.park(this);
                            }
                            woken = false;
                        }
                        counted = true;
                    }
                    // Running before no longer searching, so that a look in between wakes nobody for it.
                    running.incrementAndGet();
                    searching.decrementAndGet();
                    counted = false;
                    if (searching.get() == 0 && !queue.isEmpty()) {
                        moreQuietly();
                    }
                    since = System.nanoTime();
                    busy = true;
                    boolean ran = false;
                    try {
                        runOne(task);
                        ran = true;
                    } finally {
                        busy = false;
                        // Searching before it stops running, so a submission meanwhile leaves the task to it.
                        if (ran) {
                            searching.incrementAndGet();
                            counted = true;
                        }
                        stepAside = running.decrementAndGet() >= allowed;
                    }
                }
            } finally {
                all.remove(this);
                if (!normal) {
                    // Ended by something runOne could not hold: give its counts back, and the queue a thread.
                    if (counted) {
                        searching.decrementAndGet();
                    }
                    threads.decrementAndGet();
                    if (!queue.isEmpty()) {
                        moreQuietly();
                    }
                }
            }
        }

        // One thread at a time polls a little longer before it parks.
        private Runnable spin() {
            if (!spinner.compareAndSet(false, true)) {
                return null;
            }
            try {
                long end = System.nanoTime() + SPIN_NANOS;
                Runnable task;
                do {
                    Thread.onSpinWait();
                    task = queue.poll();
                } while (task == null && System.nanoTime() - end < 0);
                return task;
            } finally {
                spinner.set(false);
            }
        }

        private void runOne(Runnable task) {
            try {
                task.run();
            } catch (Throwable e) {
                // Anything, checked exceptions thrown undeclared included: the thread goes on serving.
                Thread me = Thread.currentThread();
                Thread.UncaughtExceptionHandler h = me.getUncaughtExceptionHandler();
                if (h != null) {
                    try {
                        h.uncaughtException(me, e);
                    } catch (Throwable ignored) {
                        // A handler that fails has nothing left to tell.
                    }
                }
            } finally {
                // An interrupt meant for this task (its handler timed out) must not reach the next one.
                Thread.interrupted();
                finished();
            }
        }

        // Parks until woken; false when the thread ends instead: idle for the keep-alive, or the pool stopping
        // with nothing left to run.
        private boolean await() {
            long deadline = idleSince + keepAliveNanos;
            if (virtual) {
                retireIn(keepAliveNanos);
            }
            boolean leaving = false;
            while (!woken) {
                long left = deadline - System.nanoTime();
                if (!leaving && (left <= 0 || (shutdown && queue.isEmpty()))) {
                    if (idle.removeFirstOccurrence(this)) {
                        threads.decrementAndGet();
                        // A task queued as this thread left finds another one, if one more may run.
                        if (!queue.isEmpty() && searching.get() == 0) {
                            moreQuietly();
                        }
                        return false;
                    }
                    // A submitter took this thread from the idle list: its wake is on the way.
                    leaving = true;
                }
                if (leaving || left <= 0) {
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
                } else if (virtual) {
                    // A timed park of a virtual thread schedules its wake on the scheduler's timer thread and
                    // cancels it when woken: on two cores under 256 connections that was a fifth of the CPU.
                    // The monitor wakes this thread once it has been idle for the keep-alive (retire).
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, left);
                }
                Thread.interrupted();
            }
            woken = false;
            return true;
        }
    }

    // Has the monitor look for idle virtual threads in about that long, unless it already will.
    private void retireIn(long nanos) {
        if (!retiring.get() && retiring.compareAndSet(false, true)) {
            try {
                monitor.schedule(this::retire, nanos, TimeUnit.NANOSECONDS);
            } catch (RuntimeException | Error e) {
                // The pool has terminated, and shutdown woke its idle threads; or the monitor failed to take
                // the look (out of memory): a later park tries again, so in a pool gone quiet they wait.
                retiring.set(false);
            }
        }
    }

    // On the monitor's thread: wakes the virtual threads idle for the keep-alive, which then end, and comes back
    // for the others. Cleared first: a thread listed idle after the walk below began schedules a look itself.
    private void retire() {
        retiring.set(false);
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        for (Worker w : idle) {
            if (w.virtual) {
                long left = w.idleSince + keepAliveNanos - now;
                if (left <= 0) {
                    LockSupport.unpark(w.thread);
                } else {
                    next = Math.min(next, left);
                }
            }
        }
        if (next != Long.MAX_VALUE) {
            retireIn(next);
        }
    }

    @Override
    public void shutdown() {
        shutdown = true;
        // Idle threads end now rather than at their keep-alive.
        for (Worker w : idle) {
            LockSupport.unpark(w.thread);
        }
        if (admitted.get() == 0) {
            terminate();
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        monitor.shutdownNow();
        List<Runnable> waiting = new ArrayList<>();
        for (Runnable r = queue.poll(); r != null; r = queue.poll()) {
            waiting.add(r);
            finished();
        }
        for (Worker w : all) {
            Thread t = w.thread;
            if (t != null) {
                t.interrupt();
            }
        }
        return waiting;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && admitted.get() == 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (terminated) {
            while (!isTerminated()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(terminated, left);
            }
            return true;
        }
    }

    /** The CPU time of platform threads, where the JVM keeps it; loaded only once a task runs for over a tick. */
    private static final class CpuClock {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        private CpuClock() {
        }

        // Nanoseconds, or -1: a virtual thread, or a JVM that does not measure it.
        @SuppressWarnings("deprecation")
        static long of(Thread t) {
            try {
                return THREADS.isThreadCpuTimeEnabled() ? THREADS.getThreadCpuTime(t.getId()) : -1;
            } catch (UnsupportedOperationException e) {
                return -1;
            }
        }
    }
}
