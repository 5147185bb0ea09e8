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

/** One request on a Netty connection; every method may be called from any thread. */
final class NettyExchange implements Exchange {
    private final ConnectionHandler connection;
    private final Request request;
    final boolean keepAlive;
    final HttpVersion version;
    final boolean head;
    // Whether the connection stays open after this exchange's stream ends; set when its head is written.
    boolean streamKeepAlive;
    // Set on the loop when the stream's end was written: later pieces are dropped.
    boolean streamOver;
    private static final AtomicIntegerFieldUpdater<NettyExchange> ANSWERED =
            AtomicIntegerFieldUpdater.newUpdater(NettyExchange.class, "answered");

    private volatile int answered;
    private final CloseCallbacks closeCallbacks = new CloseCallbacks();

    NettyExchange(ConnectionHandler connection, Request request, boolean keepAlive, HttpVersion version) {
        this.connection = connection;
        this.request = request;
        this.keepAlive = keepAlive;
        this.version = version;
        this.head = request.method().equals(dev.lindy.http.Method.HEAD);
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
        if (!connection.upgradable()) {
            return false;
        }
        if (!ANSWERED.compareAndSet(this, 0, 1)) {
            throw new IllegalStateException("the exchange was already answered");
        }
        connection.onLoop(() -> connection.upgrade(this, headers, handler));
        return true;
    }

    @Override
    public Loop loop() {
        return connection.loop();
    }

    @Override
    public void onClose(Runnable callback) {
        closeCallbacks.add(callback, connection.loop());
    }

    @Override
    public boolean isOpen() {
        return !closeCallbacks.ended() && connection.isActive();
    }

    /** The response went out whole; an early-close callback will never be needed. */
    void completed() {
        closeCallbacks.completed();
    }

    /** The connection closed before the response was complete: run the close callbacks, on the loop. */
    void closed() {
        List<Runnable> callbacks = closeCallbacks.leftEarly();
        if (callbacks != null) {
            callbacks.forEach(Runnable::run);
        }
    }
}
