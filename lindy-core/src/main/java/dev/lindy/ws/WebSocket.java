package dev.lindy.ws;

import dev.lindy.Action;
import dev.lindy.Cancellable;
import dev.lindy.http.Request;
import dev.lindy.hub.Listener;
import dev.lindy.hub.Subscription;
import dev.lindy.session.Session;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * One open WebSocket, as its handlers see it: the upgrade request it came from, and the ways to write to it.
 * Safe from any thread. Its handlers, timers and subscriptions run on the socket's event loop, one at a time,
 * and must not block; timers and subscriptions end when the socket closes.
 *
 * <p>Each send completes when its frame is flushed to the client. A producer that waits for it never runs
 * ahead of a slow client; one that does not is held to {@code Settings.streamBufferBytes} of unflushed
 * messages, past which the send fails and the socket is closed with 1013 (try again later). A socket whose
 * writes make no progress for {@code Settings.writeTimeout} is closed too: never unbounded buffering.
 */
public interface WebSocket {
    /**
     * Returns the upgrade request: its path, query, headers and cookies.
     *
     * @return the request
     */
    Request request();

    /**
     * Returns a parameter of the upgrade request: a route capture ({@code /chat/:room}), else a query
     * parameter.
     *
     * @param name the name
     * @return the value, or null
     */
    String param(String name);

    /**
     * Returns the client's session as the upgrade request loaded it, to read: who is connected. Changes to
     * it are refused, since no response will carry them; change the session in an HTTP request.
     *
     * @return the session, read-only
     */
    Session session();

    /**
     * Returns the route that accepted the socket.
     *
     * @return for example {@code "GET /chat/:room"}
     */
    String route();

    /**
     * Sends a text message.
     *
     * @param text the text
     * @return completes when flushed; fails if the socket is closed or the client is too far behind
     */
    CompletionStage<Void> send(String text);

    /**
     * Sends a binary message.
     *
     * @param data the bytes; the socket owns the array after the call
     * @return completes when flushed; fails if the socket is closed or the client is too far behind
     */
    CompletionStage<Void> send(byte[] data);

    /**
     * Sends a value as a JSON text message, through the app's JSON mapper.
     *
     * @param value the value
     * @return completes when flushed
     */
    CompletionStage<Void> sendJson(Object value);

    /**
     * Reads a JSON text message into a value of a type, through the app's JSON mapper.
     *
     * @param text the message
     * @param type the class to read
     * @param <T> the type
     * @return the value
     * @throws IllegalArgumentException if the text is not JSON of that shape (a message safe to send back)
     */
    <T> T readJson(String text, Class<T> type);

    /**
     * Closes the socket normally (code 1000).
     *
     * @return completes when the close frame is flushed
     */
    CompletionStage<Void> close();

    /**
     * Closes the socket with a code and a reason.
     *
     * @param code 1000, or 3000 to 4999 for the app's own codes
     * @param reason a short reason, at most 123 bytes of UTF-8
     * @return completes when the close frame is flushed
     * @throws IllegalArgumentException for a code an endpoint may not send, or a reason too long
     */
    CompletionStage<Void> close(int code, String reason);

    /**
     * Tells whether messages can still be sent.
     *
     * @return true until the socket starts closing
     */
    boolean isOpen();

    /**
     * Subscribes the socket to a topic of the app's hub: the listener runs on the socket's loop for each
     * message, until the socket closes or the subscription is cancelled. A listener that throws closes the
     * socket with 1011.
     *
     * @param topic the topic
     * @param listener takes each message
     * @return the subscription
     * @throws IllegalArgumentException if the topic is not a valid name
     */
    Subscription subscribe(String topic, Listener listener);

    /**
     * Forwards a topic's messages to the client, after catching up from an id: each as a text message
     * {@code {"topic":"chat","id":7,"data":...}}, paced by the client. Signals come as
     * {@code {"topic":"chat","missed":true,"last":9}} (the catch-up cannot vouch for itself) and
     * {@code {"topic":"chat","dropped":3}} (the client fell behind).
     *
     * @param topic the topic
     * @param since the last id the client saw, 0 for every retained message, or -1 for new messages only
     * @return the subscription
     * @throws IllegalArgumentException if the topic is not a valid name
     */
    Subscription forward(String topic, long since);

    /**
     * Runs an action once on the socket's loop after a delay, unless the socket closes first.
     *
     * @param delay the delay
     * @param action the action
     * @return a handle that cancels the timer
     */
    Cancellable after(Duration delay, Action action);

    /**
     * Runs an action on the socket's loop repeatedly until cancelled or the socket closes.
     *
     * @param period the time between runs
     * @param action the action
     * @return a handle that cancels the timer
     */
    Cancellable every(Duration period, Action action);

    /**
     * Stores a value for the life of the socket.
     *
     * @param name the name
     * @param value the value, or null to remove it
     * @return this socket
     */
    WebSocket var(String name, Object value);

    /**
     * Returns a value stored with {@link #var(String, Object)}.
     *
     * @param name the name
     * @param <T> the expected type
     * @return the value, or null
     */
    <T> T var(String name);
}
