package dev.lindy.hub;

/**
 * Takes the messages of a subscription, one at a time, on the subscriber's event loop; it must not block.
 */
@FunctionalInterface
public interface Listener {
    /**
     * Takes a message.
     *
     * @param message the message; a {@linkplain Message#isLocal() local} one (id 0) while a networked
     *     backend's broker is away
     * @throws Exception any failure: it ends the subscription and fails its request (a 500, or an ended
     *     stream)
     */
    void onMessage(Message message) throws Exception;
}
