package dev.lindy.netty.internal;

import dev.lindy.http.Headers;
import dev.lindy.http.Request;
import dev.lindy.http.Response;
import dev.lindy.spi.BodyWriter;
import dev.lindy.internal.CloseCallbacks;
import dev.lindy.spi.Exchange;
import dev.lindy.spi.Loop;
import dev.lindy.spi.WebSocketHandler;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One request on a Netty connection or HTTP/2 stream, and its close callbacks; every method may be called from
 * any thread.
 */
final class NettyExchange extends CloseCallbacks implements Exchange {
    private final Carrier connection;
    private final Request request;
    final boolean keepAlive;
    // HTTP/1.0 or 1.1 (later minors are served as 1.1): a flag, not a reference, in every pending exchange.
    private final boolean http10;
    // Whether the connection stays open after this exchange's stream ends; set when its head is written.
    boolean streamKeepAlive;
    // Set on the loop when the stream's end was written: later pieces are dropped.
    boolean streamOver;
    private static final AtomicIntegerFieldUpdater<NettyExchange> ANSWERED =
            AtomicIntegerFieldUpdater.newUpdater(NettyExchange.class, "answered");

    private volatile int answered;

    NettyExchange(Carrier connection, Request request, boolean keepAlive, HttpVersion version) {
        this.connection = connection;
        this.request = request;
        this.keepAlive = keepAlive;
        this.http10 = version.equals(HttpVersion.HTTP_1_0);
    }

    /** Returns the version the answer is written in: the request's, 1.0 or 1.1. */
    HttpVersion version() {
        return http10 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
    }

    /** Tells whether the request is a HEAD, whose answer has no body. */
    boolean head() {
        return request.method().equals(dev.lindy.http.Method.HEAD);
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public boolean respond(Response response) {
        if (!ANSWERED.compareAndSet(this, 0, 1) || !isOpen()) {
            return false;
        }
        connection.onLoop(() -> connection.send(this, response));
        return true;
    }

    @Override
    public BodyWriter stream(int status, Headers headers) {
        if (!ANSWERED.compareAndSet(this, 0, 1)) {
            throw new IllegalStateException("the exchange was already answered");
        }
        NettyBodyWriter writer = new NettyBodyWriter(connection, this);
        connection.onLoop(() -> connection.sendHead(this, writer, status, headers));
        return writer;
    }

    @Override
    public boolean upgrade(Headers headers, WebSocketHandler handler) {
        // Only an HTTP/1.1 connection can become a WebSocket; an HTTP/2 stream cannot.
        if (!(connection instanceof ConnectionHandler)) {
            return false;
        }
        if (!ANSWERED.compareAndSet(this, 0, 1)) {
            throw new IllegalStateException("the exchange was already answered");
        }
        ConnectionHandler http1 = (ConnectionHandler) connection;
        connection.onLoop(() -> http1.upgrade(this, headers, handler));
        return true;
    }

    @Override
    public Loop loop() {
        return connection.loop();
    }

    @Override
    public void onClose(Runnable callback) {
        add(callback, connection.loop());
    }

    @Override
    public boolean isOpen() {
        return !ended() && connection.isActive();
    }

    /** The connection closed before the response was complete: run the close callbacks, on the loop. */
    void closed() {
        List<Runnable> callbacks = leftEarly();
        if (callbacks != null) {
            callbacks.forEach(Runnable::run);
        }
    }
}
