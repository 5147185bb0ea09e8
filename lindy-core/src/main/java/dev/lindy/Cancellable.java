package dev.lindy;

/**
 * A handle on something scheduled, such as a timer, that can be called off.
 */
@FunctionalInterface
public interface Cancellable {
    /**
     * Calls the scheduled work off; does nothing if it already ran or was cancelled.
     */
    void cancel();
}
