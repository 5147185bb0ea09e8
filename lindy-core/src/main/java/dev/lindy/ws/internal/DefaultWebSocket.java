package dev.lindy.ws.internal;

import dev.lindy.Action;
import dev.lindy.Cancellable;
import dev.lindy.Context;
import dev.lindy.http.Request;
import dev.lindy.hub.Listener;
import dev.lindy.hub.Message;
import dev.lindy.hub.Subscription;
import dev.lindy.hub.internal.DefaultHub;
import dev.lindy.hub.internal.DefaultSubscription;
import dev.lindy.hub.internal.Envelopes;
import dev.lindy.hub.internal.ListenerSink;
import dev.lindy.hub.internal.Owner;
import dev.lindy.hub.internal.Sink;
import dev.lindy.hub.internal.TopicNames;
import dev.lindy.json.JsonException;
import dev.lindy.json.JsonMapper;
import dev.lindy.session.Session;
import dev.lindy.spi.Loop;
import dev.lindy.spi.WebSocketChannel;
import dev.lindy.spi.WebSocketHandler;
import dev.lindy.ws.WebSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket: the host's events go to the route's handlers, the handlers' sends go to the host within a
 * budget of unflushed bytes, and the socket's timers and hub subscriptions end when it closes.
 */
public final class DefaultWebSocket implements WebSocket, WebSocketHandler, Owner {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultWebSocket.class);

    private final Context ctx;
    private final DefaultWebSocketSpec spec;
    private final Guard guard;
    private final DefaultHub hub;
    private final Supplier<JsonMapper> json;
    private final long budget;
    private final AtomicLong unflushed = new AtomicLong();
    private final Map<String, Object> vars = new ConcurrentHashMap<>();
    private volatile WebSocketChannel channel;
    private volatile boolean closed;
    // Guarded by this: what ends with the socket; null once it has closed.
    private Set<Runnable> atClose = new LinkedHashSet<>(4);

    /** Runs the app's callbacks, watched for holding the loop too long; returns what one threw. */
    @FunctionalInterface
    public interface Guard {
        /**
         * Runs a callback.
         *
         * @param what what it is, for a message about a blocked loop
         * @param action the callback
         * @return its failure, or null
         */
        Throwable run(String what, Action action);
    }

    /**
     * Creates a socket for an upgrade request.
     *
     * @param ctx the upgrade request's context
     * @param spec the route's handlers
     * @param guard runs the handlers
     * @param hub the app's hub
     * @param json the app's JSON mapper
     * @param budget how many bytes may wait unflushed before the client counts as too far behind
     */
    public DefaultWebSocket(Context ctx, DefaultWebSocketSpec spec, Guard guard, DefaultHub hub,
            Supplier<JsonMapper> json, long budget) {
        this.ctx = ctx;
        this.spec = spec;
        this.guard = guard;
        this.hub = hub;
        this.json = json;
        this.budget = budget;
    }

    // ---- the host's events -------------------------------------------------------------------------

    @Override
    public void opened(WebSocketChannel channel) {
        this.channel = channel;
        call("onOpen", () -> spec.open.handle(this));
    }

    @Override
    public void text(String text) {
        call("onMessage", () -> spec.text.handle(this, text));
    }

    @Override
    public void binary(byte[] data) {
        if (spec.binary == null) {
            close(1003, "binary messages are not accepted here");
            return;
        }
        call("onBinary", () -> spec.binary.handle(this, data));
    }

    @Override
    public void closed(int code, String reason) {
        Set<Runnable> actions;
        synchronized (this) {
            if (closed && atClose == null) {
                return;
            }
            closed = true;
            actions = atClose;
            atClose = null;
        }
        actions.forEach(Runnable::run);
        Throwable t = guard.run("onClose of " + ctx.route(), () -> spec.close.handle(this, code, reason));
        if (t != null) {
            LOG.error("the onClose handler of {} failed", ctx.route(), t);
        }
    }

    private void call(String what, Action action) {
        if (closed) {
            return;
        }
        Throwable t = guard.run(what + " of " + ctx.route(), action);
        if (t != null) {
            LOG.error("the {} handler of {} failed; the socket was closed with 1011", what, ctx.route(), t);
            close(1011, "internal error");
        }
    }

    // ---- what the handlers see ---------------------------------------------------------------------

    @Override
    public Request request() {
        return ctx.request();
    }

    @Override
    public String param(String name) {
        return ctx.param(name);
    }

    @Override
    public Session session() {
        return new ReadOnlySession(ctx.session());
    }

    @Override
    public String route() {
        return ctx.route();
    }

    @Override
    public CompletionStage<Void> send(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return write(utf8.length, () -> channel.sendText(text));
    }

    @Override
    public CompletionStage<Void> send(byte[] data) {
        return write(data.length, () -> channel.sendBinary(data));
    }

    @Override
    public CompletionStage<Void> sendJson(Object value) {
        return send(new String(json.get().write(value), StandardCharsets.UTF_8));
    }

    @Override
    public <T> T readJson(String text, Class<T> type) {
        try {
            return json.get().read(text.getBytes(StandardCharsets.UTF_8), type);
        } catch (JsonException e) {
            throw new IllegalArgumentException("the message is not JSON of the expected shape: " + e.getMessage(), e);
        }
    }

    // Always one message when nothing waits; past the budget the client is too far behind to keep.
    private CompletionStage<Void> write(int bytes, Supplier<CompletionStage<Void>> send) {
        WebSocketChannel c = channel;
        if (c == null || closed || !c.isOpen()) {
            return CompletableFuture.failedFuture(new IOException("the WebSocket is closed"));
        }
        long before = unflushed.getAndAdd(bytes);
        if (before > 0 && before + bytes > budget) {
            unflushed.addAndGet(-bytes);
            close(1013, "the client reads too slowly");
            return CompletableFuture.failedFuture(new IOException("the client is more than " + budget
                    + " bytes behind; the WebSocket was closed"));
        }
        return send.get().whenComplete((v, e) -> unflushed.addAndGet(-bytes));
    }

    @Override
    public CompletionStage<Void> close() {
        return close(1000, "");
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
        if (!sendable(code)) {
            throw new IllegalArgumentException("an endpoint may not send the close code " + code);
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
            throw new IllegalArgumentException("a close reason is at most 123 bytes of UTF-8");
        }
        WebSocketChannel c = channel;
        if (c == null) {
            return CompletableFuture.failedFuture(new IOException("the WebSocket is not open yet"));
        }
        return c.close(code, reason);
    }

    private static boolean sendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    @Override
    public boolean isOpen() {
        WebSocketChannel c = channel;
        return !closed && c != null && c.isOpen();
    }

    @Override
    public Subscription subscribe(String topic, Listener listener) {
        TopicNames.check(topic);
        return hub.subscribe(topic, -1, this, new ListenerSink(this, listener));
    }

    @Override
    public Subscription forward(String topic, long since) {
        TopicNames.check(topic);
        if (since < -1) {
            throw new IllegalArgumentException("since is -1, 0 or a message id: " + since);
        }
        ForwardSink sink = new ForwardSink(topic);
        DefaultSubscription sub = hub.subscribe(topic, since, this, sink);
        sink.subscription = sub;
        return sub;
    }

    @Override
    public Cancellable after(Duration delay, Action action) {
        return timer(delay, action, false);
    }

    @Override
    public Cancellable every(Duration period, Action action) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        return timer(period, action, true);
    }

    // A timer is forgotten when it fires once or is cancelled: a socket that lives long keeps no trail of them.
    private Cancellable timer(Duration delay, Action action, boolean repeat) {
        Timer timer = new Timer();
        Cancellable forget = onEnd(timer);
        Runnable task = () -> {
            if (!repeat) {
                forget.cancel();
            }
            call(repeat ? "an every timer" : "an after timer", action);
        };
        timer.handle = repeat ? loop().every(delay, task) : loop().after(delay, task);
        if (!isOpen()) {
            timer.run();
        }
        return () -> {
            forget.cancel();
            timer.run();
        };
    }

    /** A timer's handle, cancelled with the socket. */
    private static final class Timer implements Runnable {
        volatile Cancellable handle;

        @Override
        public void run() {
            Cancellable h = handle;
            if (h != null) {
                h.cancel();
            }
        }
    }

    @Override
    public WebSocket var(String name, Object value) {
        if (value == null) {
            vars.remove(name);
        } else {
            vars.put(name, value);
        }
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T var(String name) {
        return (T) vars.get(name);
    }

    // ---- as the owner of hub subscriptions ---------------------------------------------------------

    @Override
    public Loop loop() {
        return channel.loop();
    }

    @Override
    public Cancellable onEnd(Runnable action) {
        synchronized (this) {
            if (atClose != null) {
                atClose.add(action);
                return () -> forget(action);
            }
        }
        action.run();
        return () -> { };
    }

    private synchronized void forget(Runnable action) {
        if (atClose != null) {
            atClose.remove(action);
        }
    }

    @Override
    public void run(Action action) {
        call("a hub listener", action);
    }

    @Override
    public void overflowed() {
        close(1013, "the client fell behind its updates");
    }

    /**
     * A topic's messages as text messages, one after another: each is sent once the one before it is flushed,
     * so a catch-up of many large messages never counts against the socket's byte budget all at once.
     */
    private final class ForwardSink implements Sink {
        private final String topic;
        private volatile DefaultSubscription subscription;

        ForwardSink(String topic) {
            this.topic = topic;
        }

        @Override
        public CompletionStage<?> deliver(List<Message> messages, long dropped, boolean missed) {
            List<String> out = new ArrayList<>(messages.size() + 2);
            if (missed) {
                DefaultSubscription sub = subscription;
                long newest = 0;
                for (Message m : messages) {
                    newest = Math.max(newest, m.id());
                }
                out.add(Envelopes.signal(topic, "missed", sub == null ? newest : Math.max(newest, sub.newestId())));
            }
            if (dropped > 0) {
                out.add(Envelopes.signal(topic, "dropped", dropped));
            }
            for (Message m : messages) {
                out.add(Envelopes.message(m));
            }
            if (out.isEmpty()) {
                return null;
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            sendFrom(out, 0, done);
            return done;
        }

        // A failed send closed the socket already; the subscription ends with it, so the chain just stops.
        private void sendFrom(List<String> out, int i, CompletableFuture<Void> done) {
            send(out.get(i)).whenComplete((v, e) -> {
                if (e != null || i + 1 == out.size()) {
                    done.complete(null);
                } else {
                    sendFrom(out, i + 1, done);
                }
            });
        }

        @Override
        public void overflowed() {
            DefaultWebSocket.this.overflowed();
        }
    }
}
