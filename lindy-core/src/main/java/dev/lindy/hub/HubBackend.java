package dev.lindy.hub;

import java.util.concurrent.CompletionStage;

/**
 * Where the hub's messages go between publishers and subscribers: the seam for other transports. The
 * in-process {@link MemoryHubBackend} is the default; a backend over a broker (Redis) lets the nodes of
 * an app share topics.
 *
 * <p>A backend numbers messages, keeps a bounded history per topic, and hands the messages of the topics
 * this node follows to the hub's {@link Receiver}. The hub does everything else: local subscribers, their
 * queues and event loops, catch-up, overflow, JSON. Every method may answer later, so a networked backend
 * never blocks an event loop; none may block, except {@link #start} and {@link #close}.
 *
 * <p>The contract, which {@code dev.lindy.test.suite.HubBackendSuite} checks for any backend:
 * <ul>
 * <li><b>Ids.</b> {@link #publish} gives each message an id, at least 1, that grows strictly within its
 * topic in the order the messages are published. Two publishes made one after the other from one thread
 * get ids in that order, even when the first has not completed. Ids need not be consecutive, nor related
 * across topics.
 * <li><b>Delivery.</b> From {@link #follow} until {@link #unfollow}, every message published to the topic
 * afterwards, by this node or another, reaches {@link Receiver#receive}: once, in id order within the
 * topic. A backend may deliver messages of topics not followed (the hub ignores them). When it may have
 * lost some (a broker connection dropped), it says so with {@link Receiver#missed}; the hub then catches its
 * subscribers up from {@link #history}.
 * <li><b>Local delivery.</b> A backend that knows it cannot reach its broker when a message is published
 * (its connection is down) may hand the message to this node's subscribers with {@link Receiver#local}, and
 * must still fail the publish: the other nodes never get it.
 * <li><b>History.</b> The backend keeps a bounded number of the newest messages per topic.
 * {@link #history} returns those after an id; {@link History#missed()} is true when the id is not 0 and the
 * backend cannot vouch that they are all the messages after it (some were dropped from the history, or the
 * id is from before the history began). An id of 0 asks for everything retained and never reports missed.
 * </ul>
 */
public interface HubBackend {
    /**
     * Starts the backend: from now on it hands messages to the receiver. Called once before any other
     * method (and again if the app is started after a stop), off any event loop; it may block while it
     * connects.
     *
     * @param receiver takes the messages of the topics followed; it never blocks
     */
    void start(Receiver receiver);

    /**
     * Publishes a message: gives it its id, keeps it in the topic's history and delivers it to every node
     * following the topic, this one included.
     *
     * @param topic the topic, a valid name (1 to 200 characters, no control characters)
     * @param data the message's data, JSON text
     * @return the message with its id, once the backend has it; fails if the backend could not take it
     */
    CompletionStage<Message> publish(String topic, String data);

    /**
     * Reads a topic's history after an id.
     *
     * @param topic the topic
     * @param afterId the last id the asker has, or 0 for everything retained
     * @return the retained messages after the id, the topic's newest id, and whether the asker missed more
     */
    CompletionStage<History> history(String topic, long afterId);

    /**
     * Starts handing a topic's messages to the receiver: this node has subscribers to it now. For a topic,
     * the hub calls {@code follow} and {@link #unfollow} alternately, starting with {@code follow}; it may
     * unfollow before the stage of follow has completed.
     *
     * @param topic the topic
     * @return completes when every message published after it will reach the receiver
     */
    CompletionStage<Void> follow(String topic);

    /**
     * Stops handing a topic's messages to the receiver: this node has no subscribers to it any more.
     *
     * @param topic the topic
     */
    void unfollow(String topic);

    /**
     * Stops the backend and lets go of its resources; called when the app stops.
     */
    void close();

    /**
     * The hub's side of a backend: it takes the messages of the topics this node follows.
     */
    interface Receiver {
        /**
         * Takes a message; called once per message, in id order within a topic, from any thread. It only
         * queues the message for the topic's local subscribers, and never blocks.
         *
         * @param message the message
         */
        void receive(Message message);

        /**
         * Takes a message published on this node that the backend cannot carry to the others: the hub hands
         * it to this node's subscribers alone, as a {@linkplain Message#isLocal() local} message (id 0, kept in
         * no history). Called from any thread; it never blocks.
         *
         * @param topic the topic
         * @param data the message's data, JSON text
         */
        void local(String topic, String data);

        /**
         * Tells the hub that messages of a followed topic may have been lost before they reached it (a broker
         * connection dropped and came back): the hub catches its subscribers up from the topic's history.
         *
         * @param topic the topic
         */
        void missed(String topic);
    }
}
