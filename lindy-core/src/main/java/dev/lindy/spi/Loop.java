package dev.lindy.spi;

import dev.lindy.Cancellable;
import java.time.Duration;

/**
 * The event loop an exchange belongs to: it runs tasks and timers one at a time, never in parallel.
 *
 * <p>Hosts implement it over their own loop (Netty's channel event loop, a scheduler, or a virtual clock
 * in tests). Tasks must not block.
 */
public interface Loop {
    /**
     * Runs a task on the loop soon; from the loop itself it still runs later, never re-entrantly.
     *
     * @param task the task
     */
    void execute(Runnable task);

    /**
     * Runs a task once after a delay.
     *
     * @param delay how long to wait; zero or negative means as soon as possible
     * @param task the task
     * @return a handle that cancels the timer
     */
    Cancellable after(Duration delay, Runnable task);

    /**
     * Runs a task once after a delay, like {@link #after}, for a timer that is nearly always cancelled long
     * before it is due, such as a request's deadline: a host may keep many of these more cheaply than other
     * timers.
     *
     * @param delay how long to wait; zero or negative means as soon as possible
     * @param task the task
     * @return a handle that cancels the timer
     */
    default Cancellable deadline(Duration delay, Runnable task) {
        return after(delay, task);
    }

    /**
     * Runs a task repeatedly, first after one period, until cancelled.
     *
     * @param period the time between runs, positive
     * @param task the task
     * @return a handle that cancels the timer
     */
    Cancellable every(Duration period, Runnable task);

    /**
     * Tells whether the calling thread is this loop's thread.
     *
     * @return true when called from a task of this loop
     */
    boolean inLoop();
}
