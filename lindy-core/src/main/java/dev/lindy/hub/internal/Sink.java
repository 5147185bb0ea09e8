package dev.lindy.hub.internal;

import dev.lindy.hub.Message;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where a subscription's messages go: a listener, an event stream, a long poll's answer, a WebSocket. The
 * hub calls it on the subscriber's loop, one batch at a time; a batch that writes to a client returns the
 * write's stage, and the next batch waits for it, so a slow client is never written ahead of.
 */
public interface Sink {
    /**
     * Hands a batch on. Failures are the sink's own to deal with (they end what the subscription belongs to).
     *
     * @param messages the messages, in id order; may be empty when only a signal is due
     * @param dropped how many messages were dropped before these for overflow, 0 if none
     * @param missed true when a catch-up could not vouch that these are all the messages after the id it
     *     started from
     * @return completes when the next batch may come; null when it may come at once
     */
    CompletionStage<?> deliver(List<Message> messages, long dropped, boolean missed);

    /**
     * Ends what the subscription belongs to, because it fell behind under {@code Overflow.CLOSE}; called on the
     * subscriber's loop, once.
     */
    void overflowed();
}
