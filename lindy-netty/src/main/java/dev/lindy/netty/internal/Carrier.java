package dev.lindy.netty.internal;

import dev.lindy.http.Headers;
import dev.lindy.http.Response;
import dev.lindy.internal.SchedulerLoop;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpObject;

/**
 * What carries an exchange's answer to its client: an HTTP/1 connection ({@link ConnectionHandler}) or an
 * HTTP/2 stream ({@link H2Stream}). The exchange and its body writer call it from any thread; every method
 * but {@link #loop}, {@link #isActive} and {@link #onLoop} runs on the event loop.
 */
interface Carrier {
    /** Returns the event loop the connection runs on, as Lindy sees it. */
    SchedulerLoop loop();

    /** Tells whether the answer can still reach the client. */
    boolean isActive();

    /** Runs a task on the event loop: now when called there, else queued. */
    void onLoop(Runnable task);

    /** Sends a whole answer, if the exchange is still the one being answered. */
    void send(NettyExchange ex, Response response);

    /** Sends the head of a streamed answer, whose body the writer sends. */
    void sendHead(NettyExchange ex, NettyBodyWriter writer, int status, Headers headers);

    /**
     * Writes a piece of a streamed body, if the stream is still the one being answered: a write that reaches
     * the loop after its stream ended (it raced the close) must never land in another answer.
     *
     * @return the write's future, or null if the piece was dropped
     */
    ChannelFuture write(NettyExchange ex, HttpObject chunk);

    /** A streamed body's end was written (its future is null when nothing was). */
    void streamEnded(NettyExchange ex, ChannelFuture lastWrite);

    /** Ends a stream abnormally, so that the client sees its body is incomplete. */
    void abort(NettyExchange ex);
}
