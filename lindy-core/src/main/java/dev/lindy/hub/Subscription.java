package dev.lindy.hub;

/**
 * A subscriber's hold on a topic, from {@code ctx.subscribe} or a WebSocket's {@code subscribe}. It ends by
 * itself with what it belongs to: when its request is answered, times out or its client leaves, or when its
 * WebSocket closes. Safe from any thread.
 */
public interface Subscription {
    /**
     * Returns the topic.
     *
     * @return the topic's name
     */
    String topic();

    /**
     * Returns the id of the last message handed to the listener, or the id the subscription caught up from.
     *
     * @return the id, 0 if none yet
     */
    long lastId();

    /**
     * Returns how many messages were dropped because this subscriber fell too far behind
     * ({@link Overflow#DROP_OLDEST}).
     *
     * @return the count
     */
    long dropped();

    /**
     * Tells whether messages still reach the listener.
     *
     * @return true until cancelled or ended with what it belongs to
     */
    boolean isActive();

    /**
     * Ends the subscription: no message reaches the listener after this returns, unless one is running now.
     * Does nothing once ended.
     */
    void cancel();
}
