package dev.lindy.hub;

import dev.lindy.hub.internal.TopicNames;
import java.util.Objects;

/**
 * A message of the hub: the topic it was published to, the id the {@link HubBackend} gave it, and its data
 * as JSON text, as it goes to clients.
 *
 * <p>Ids are positive and grow strictly within a topic, in publish order; they need not be consecutive.
 * A client that has seen a message keeps its id, and asks for what came after it to catch up (an SSE
 * {@code Last-Event-ID}, a long poll's {@code since}).
 *
 * <p>One exception: a {@linkplain #isLocal() local} message, id 0, was published on this node while its
 * backend could not carry it to the other nodes (the broker was unreachable). Only this node's subscribers
 * get it, it is kept in no history, and a client's place in the topic stays where it was: a client keeps
 * the id it had, and shows the message without comparing ids.
 *
 * @param topic the topic
 * @param id the id the backend gave it, at least 1; 0 for a local message
 * @param data the payload as JSON text (a published {@code String} is a JSON string)
 */
public record Message(String topic, long id, String data) {
    /**
     * Checks the parts of a message.
     *
     * @param topic the topic
     * @param id the id, at least 1, or 0 for a local message
     * @param data the data, JSON text
     * @throws IllegalArgumentException if the topic is not a valid topic name or the id is negative
     */
    public Message {
        TopicNames.check(topic);
        Objects.requireNonNull(data, "data");
        if (id < 0) {
            throw new IllegalArgumentException("a message id is at least 1, or 0 for a local message: " + id);
        }
    }

    /**
     * Tells whether it reached this node's subscribers alone, published while the backend could not carry
     * it further: it has no id (0), no place in the topic's history, and moves no client's place on.
     *
     * @return true for a local message
     */
    public boolean isLocal() {
        return id == 0;
    }
}
