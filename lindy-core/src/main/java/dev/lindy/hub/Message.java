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
 * @param topic the topic
 * @param id the id the backend gave it, at least 1
 * @param data the payload as JSON text (a published {@code String} is a JSON string)
 */
public record Message(String topic, long id, String data) {
    /**
     * Checks the parts of a message.
     *
     * @param topic the topic
     * @param id the id, at least 1
     * @param data the data, JSON text
     * @throws IllegalArgumentException if the topic is not a valid topic name or the id is below 1
     */
    public Message {
        TopicNames.check(topic);
        Objects.requireNonNull(data, "data");
        if (id < 1) {
            throw new IllegalArgumentException("a message id is at least 1: " + id);
        }
    }
}
