package dev.lindy.internal;

import dev.lindy.spi.Loop;
import java.util.ArrayList;
import java.util.List;

/**
 * The close callbacks of one exchange, for hosts: registered until the exchange ends, run once if it ends
 * early (the client left), dropped if it completes normally. A callback registered after an early end runs
 * at once. Thread-safe: it guards its state with its own monitor.
 *
 * <p>A host's exchange may extend it rather than hold one, so that a pending exchange is one object with its
 * callbacks.
 */
public class CloseCallbacks {
    // Almost every exchange has exactly one callback: keep it in a field, and a list only for more.
    private Runnable first;
    private List<Runnable> more;
    private boolean ended;
    private boolean leftEarly;

    /** Creates an empty set of callbacks. */
    public CloseCallbacks() {
    }

    /**
     * Registers a callback.
     *
     * @param callback the callback
     * @param loop where to run it if the exchange already ended early
     */
    public void add(Runnable callback, Loop loop) {
        synchronized (this) {
            if (!ended) {
                if (first == null) {
                    first = callback;
                } else {
                    if (more == null) {
                        more = new ArrayList<>(2);
                    }
                    more.add(callback);
                }
                return;
            }
            if (!leftEarly) {
                return;
            }
        }
        loop.execute(callback);
    }

    /**
     * Marks the exchange complete: the callbacks will never be needed.
     */
    public synchronized void completed() {
        ended = true;
        first = null;
        more = null;
    }

    /**
     * Marks the exchange ended early and returns the callbacks to run, once.
     *
     * @return the callbacks registered so far; null if the exchange had already ended, so nothing is to be done
     */
    public List<Runnable> leftEarly() {
        synchronized (this) {
            if (ended) {
                return null;
            }
            ended = true;
            leftEarly = true;
            List<Runnable> out;
            if (first == null) {
                out = List.of();
            } else if (more == null) {
                out = List.of(first);
            } else {
                out = new ArrayList<>(more.size() + 1);
                out.add(first);
                out.addAll(more);
            }
            first = null;
            more = null;
            return out;
        }
    }

    /**
     * Tells whether the exchange has ended, either way.
     *
     * @return true once completed or ended early
     */
    public synchronized boolean ended() {
        return ended;
    }
}
