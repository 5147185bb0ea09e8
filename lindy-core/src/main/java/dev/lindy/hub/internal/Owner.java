package dev.lindy.hub.internal;

import dev.lindy.Action;
import dev.lindy.Cancellable;
import dev.lindy.spi.Loop;

/**
 * What a subscription belongs to: a request or a WebSocket. Its messages run on the owner's loop, and the
 * subscription ends when the owner does.
 */
public interface Owner {
    /**
     * Returns the loop the subscriber's messages run on.
     *
     * @return the loop
     */
    Loop loop();

    /**
     * Registers an action run once when the owner ends, however it ends; at once if it has ended.
     *
     * @param action the action
     * @return forgets the action, for an owner that lives long (a WebSocket) and outlives it
     */
    Cancellable onEnd(Runnable action);

    /**
     * Runs a callback of the owner now, on its loop, the way its own callbacks run: keywords work, and a
     * failure ends the owner (a request gets its error page, a WebSocket is closed).
     *
     * @param action the callback
     */
    void run(Action action);

    /**
     * Ends the owner because a subscriber of its fell behind under {@code Overflow.CLOSE}: a pending request
     * gets a 503, a stream ends, a WebSocket closes with 1013.
     */
    void overflowed();

    /**
     * Tells whether the owner can still take messages.
     *
     * @return false once it has ended
     */
    boolean isOpen();
}
