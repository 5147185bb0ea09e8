package dev.lindy.hub;

import dev.lindy.sse.SseEmitter;
import java.time.Duration;

/**
 * A topic about to answer a request, from {@code ctx.subscribe(topic)}: as a stream of server-sent events,
 * or as a long poll. Either way the subscription belongs to the request and ends with it.
 *
 * <pre>{@code
 * app.async(GET, "/events", ctx -> ctx.subscribe("chat").since(ctx.param("since")).toSse());
 * app.async(GET, "/poll", ctx -> ctx.subscribe("chat").since(ctx.param("since")).poll());
 * }</pre>
 *
 * <p>Catching up: with an id to start from, the client first gets the retained messages after it, then the
 * live ones, each once and in order. When the topic's history cannot vouch that those are all it missed
 * (see {@link History#missed()}), it is told so: a {@code missed} event on a stream, {@code "missed":true}
 * in a poll's answer. Without an id it gets the messages published from now on.
 */
public interface Feed {
    /**
     * Starts after a message id: the client gets the messages after it first.
     *
     * @param id the last id the client saw; 0 for every retained message
     * @return this feed
     * @throws IllegalArgumentException if negative
     */
    Feed since(long id);

    /**
     * Starts after a message id given as text, as a client sends it in a parameter.
     *
     * @param id the id, or null to leave the feed as it is
     * @return this feed
     * @throws dev.lindy.HttpException 400 if it is not a number of 0 or more
     */
    Feed since(String id);

    /**
     * Answers with a stream of server-sent events: each message as an event whose id is the message's and
     * whose data is its JSON. A browser that reconnects sends the last id it saw ({@code Last-Event-ID}),
     * which wins over {@link #since}. Dropped messages (overflow) come as a {@code dropped} event with
     * {@code {"count":n}}, and a catch-up that cannot vouch for itself as a {@code missed} event.
     *
     * @return the stream, to send other events on as well
     * @throws dev.lindy.HttpException 400 if the {@code Last-Event-ID} is not a message id
     * @throws IllegalStateException if the request was answered or its responder taken
     */
    SseEmitter toSse();

    /**
     * Answers as a long poll, waiting at most 20 seconds: see {@link #poll(Duration)}.
     *
     * @throws IllegalStateException if the request was answered or its responder taken
     */
    void poll();

    /**
     * Answers as a long poll: at once when messages after the starting id are retained, else with the next
     * messages to come, else, when the wait is over, with none. The answer is JSON:
     * {@code {"last":7,"missed":false,"messages":[{"id":7,"data":...}]}}, where {@code last} is the id to ask
     * {@code since} next time. The request's deadline is moved past the wait.
     *
     * @param wait how long to wait for a message
     * @throws IllegalStateException if the request was answered or its responder taken
     */
    void poll(Duration wait);
}
