package dev.lindy.hub;

import java.lang.reflect.Type;
import java.util.concurrent.CompletionStage;

/**
 * The app's publish/subscribe hub: one place that wakes waiting requests, feeds event streams and
 * WebSockets when something happens. Reach it with {@code app.hub()}; subscribe a request with
 * {@code ctx.subscribe(topic, listener)}, or answer it with a topic's messages with
 * {@code ctx.subscribe(topic).toSse()} or {@code .poll()}.
 *
 * <pre>{@code
 * app.post("/say", ctx -> {
 *     app.hub().publish("chat", Map.of("text", ctx.param("text")));
 *     return "sent";
 * });
 * app.async(GET, "/events", ctx -> ctx.subscribe("chat").toSse());
 * }</pre>
 *
 * <p>A payload becomes JSON once, when it is published, through the app's JSON mapper: a {@code String}
 * is a JSON string, a record or map a JSON object. Subscribers get it as a {@link Message} whose
 * {@link Message#data()} is that JSON text.
 *
 * <p>Order: the messages of a topic reach each subscriber in id order, which is the order they were
 * published in (two publishes one after the other from one thread keep their order). A subscriber's
 * messages run on its request's event loop, one at a time. Publishing never waits for a subscriber: each
 * has a bounded queue ({@code Settings.hubQueue}), and a subscriber that falls behind it meets the
 * overflow policy ({@code Settings.hubOverflow}, see {@link Overflow}). Each topic keeps its newest
 * messages ({@code Settings.hubHistory}) for clients that reconnect.
 *
 * <p>Messages travel through the app's {@link HubBackend}: in this JVM by default
 * ({@link MemoryHubBackend}), between nodes with a backend over a broker ({@code Settings.hubBackend}).
 */
public interface Hub {
    /**
     * Publishes a message to a topic's subscribers, here and on every node. Publishing to a topic nobody
     * follows is fine: the message only goes into the topic's history.
     *
     * @param topic the topic: 1 to 200 characters, no control characters
     * @param payload any value the JSON mapper writes
     * @return the message with the id the backend gave it, once the backend has it
     * @throws IllegalArgumentException if the topic is not a valid name
     * @throws IllegalStateException if no JSON mapper is on the class path
     */
    CompletionStage<Message> publish(String topic, Object payload);

    /**
     * Reads a topic's history after an id: what a client that saw that id has missed.
     *
     * @param topic the topic
     * @param afterId the last id the client saw, or 0 for everything retained
     * @return the retained messages after it, the newest id, and whether the client missed more
     */
    CompletionStage<History> history(String topic, long afterId);

    /**
     * Returns how many subscribers a topic has on this node.
     *
     * @param topic the topic
     * @return the count, 0 when nobody here follows it
     */
    int subscribers(String topic);

    /**
     * Reads a message's data into a value of a type, through the app's JSON mapper.
     *
     * @param message the message
     * @param type the type, a class or a generic type
     * @param <T> the type
     * @return the value
     * @throws dev.lindy.json.JsonException if the data does not fit the type
     */
    <T> T read(Message message, Type type);
}
