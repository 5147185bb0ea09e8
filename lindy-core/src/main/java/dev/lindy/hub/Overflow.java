package dev.lindy.hub;

/**
 * What happens to a subscriber that falls behind: more messages wait for it than its queue holds
 * ({@code Settings.hubQueue}). Publishers never wait either way, and memory stays bounded.
 *
 * <p>The policy applies to feeds, streams and forwarded topics, whose delivery waits for the client. A
 * listener ({@code ctx.subscribe(topic, listener)}) is handed each message as it comes, so its queue does not
 * fill: what the listener writes to its client is bounded by that stream's or socket's own byte budget instead
 * (the stream ended, or the socket closed with 1013, past it).
 */
public enum Overflow {
    /**
     * Drop the oldest waiting message to make room, count it ({@link Subscription#dropped()}), and tell the
     * client before the next message: an event stream gets a {@code dropped} event and a WebSocket a
     * {@code dropped} frame, each with the count. The default.
     */
    DROP_OLDEST,

    /**
     * End the subscriber: its event stream or WebSocket is closed (a WebSocket with code 1013, try again
     * later), so the client reconnects and catches up from the history, and a pending request gets a 503.
     */
    CLOSE
}
