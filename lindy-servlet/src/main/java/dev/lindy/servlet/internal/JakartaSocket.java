package dev.lindy.servlet.internal;

import dev.lindy.Settings;
import dev.lindy.spi.Loop;
import dev.lindy.spi.WebSocketChannel;
import dev.lindy.spi.WebSocketHandler;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket through the container's Jakarta WebSocket: the container speaks the protocol (pings, close
 * frames, fragments, its own compression), and this endpoint passes whole messages to Lindy on the
 * servlet's loop, in order, and sends Lindy's messages one at a time, as the container's asynchronous
 * sending requires.
 */
public final class JakartaSocket extends Endpoint implements WebSocketChannel {
    private static final Logger LOG = LoggerFactory.getLogger(JakartaSocket.class);

    private final WebSocketHandler handler;
    private final Loop loop;
    private final Settings settings;
    private volatile Session session;
    private volatile boolean closing;
    private boolean reported;
    // Guarded by this: sends waiting for the one in progress.
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean sending;

    /**
     * Creates the endpoint of one socket.
     *
     * @param handler Lindy's side of the socket
     * @param loop the loop its events run on
     * @param settings message size and time limits
     */
    public JakartaSocket(WebSocketHandler handler, Loop loop, Settings settings) {
        this.handler = handler;
        this.loop = loop;
        this.settings = settings;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        this.session = session;
        session.setMaxTextMessageBufferSize(settings.webSocketMaxMessageBytes());
        session.setMaxBinaryMessageBufferSize(settings.webSocketMaxMessageBytes());
        session.setMaxIdleTimeout(settings.webSocketIdleTimeout().toMillis());
        session.getAsyncRemote().setSendTimeout(settings.writeTimeout().toMillis());
        session.addMessageHandler(String.class, text -> loop.execute(() -> handler.text(text)));
        session.addMessageHandler(ByteBuffer.class, buffer -> {
            byte[] data = new byte[buffer.remaining()];
            buffer.get(data);
            loop.execute(() -> handler.binary(data));
        });
        loop.execute(() -> handler.opened(this));
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        closing = true;
        int code = reason.getCloseCode().getCode();
        String phrase = reason.getReasonPhrase() == null ? "" : reason.getReasonPhrase();
        loop.execute(() -> {
            if (!reported) {
                reported = true;
                handler.closed(code, phrase);
            }
        });
    }

    @Override
    public void onError(Session session, Throwable error) {
        LOG.debug("WebSocket error: {}", error.toString());
    }

    @Override
    public CompletionStage<Void> sendText(String text) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(s -> s.getAsyncRemote().sendText(text, result(done)), done);
        return done;
    }

    @Override
    public CompletionStage<Void> sendBinary(byte[] data) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(s -> s.getAsyncRemote().sendBinary(ByteBuffer.wrap(data), result(done)), done);
        return done;
    }

    /** A send waiting for the one in progress. */
    private record Pending(Consumer<Session> send, CompletableFuture<Void> done) {
    }

    private void enqueue(Consumer<Session> send, CompletableFuture<Void> done) {
        if (!isOpen()) {
            done.completeExceptionally(new IOException("the WebSocket is closed"));
            return;
        }
        Pending p = new Pending(send, done);
        synchronized (this) {
            if (sending) {
                queue.add(p);
                return;
            }
            sending = true;
        }
        start(p);
    }

    private void start(Pending p) {
        try {
            p.send().accept(session);
        } catch (RuntimeException e) {
            // Closed under the send: fail this one and go on with the next.
            loop.execute(() -> p.done().completeExceptionally(e));
            next();
        }
    }

    // Completes on the loop, never in the container's callback, and then starts the next send.
    private SendHandler result(CompletableFuture<Void> done) {
        return (SendResult r) -> {
            loop.execute(() -> {
                if (r.isOK()) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(r.getException());
                }
            });
            next();
        };
    }

    private void next() {
        Pending p;
        synchronized (this) {
            p = queue.poll();
            if (p == null) {
                sending = false;
                return;
            }
        }
        start(p);
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
        if (closing) {
            return CompletableFuture.completedFuture(null);
        }
        closing = true;
        // The container may block while it writes the close frame: not on the loop.
        return CompletableFuture.runAsync(() -> {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            } catch (IOException e) {
                LOG.debug("closing a WebSocket: {}", e.toString());
            }
        });
    }

    // Jakarta WebSocket offers no way to drop a connection without a close frame: close as going away.
    @Override
    public void abort() {
        close(1001, "");
    }

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public boolean isOpen() {
        Session s = session;
        return !closing && s != null && s.isOpen();
    }
}
