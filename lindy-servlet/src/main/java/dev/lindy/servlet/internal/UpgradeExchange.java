package dev.lindy.servlet.internal;

import dev.lindy.http.Headers;
import dev.lindy.http.Request;
import dev.lindy.http.Response;
import dev.lindy.internal.CloseCallbacks;
import dev.lindy.spi.BodyWriter;
import dev.lindy.spi.Exchange;
import dev.lindy.spi.Loop;
import dev.lindy.spi.WebSocketHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A request that asks to upgrade to WebSocket, in a servlet container: the container's upgrade must happen
 * in the servlet's own call, so the container thread waits for the app to decide, either an answer (a
 * refusal) or the upgrade. Before hooks and the route run as for any request, on the servlet's loop.
 */
public final class UpgradeExchange implements Exchange {
    private final Request request;
    private final Loop loop;
    private final CompletableFuture<Object> outcome = new CompletableFuture<>();
    private final CloseCallbacks closeCallbacks = new CloseCallbacks();

    /**
     * What the app decided: the socket to hand the connection to.
     *
     * @param headers extra headers for the handshake's answer
     * @param handler Lindy's side of the socket
     */
    public record Upgrade(Headers headers, WebSocketHandler handler) {
    }

    /**
     * Creates the exchange.
     *
     * @param request the upgrade request, without a body
     * @param loop the loop the app runs it on
     */
    public UpgradeExchange(Request request, Loop loop) {
        this.request = request;
        this.loop = loop;
    }

    /**
     * Waits for the app's decision.
     *
     * @param limit how long to wait
     * @return a {@link Response} or an {@link Upgrade}; null if the app did not decide in time
     * @throws InterruptedException if interrupted
     */
    public Object await(Duration limit) throws InterruptedException {
        try {
            return outcome.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            closeCallbacks.leftEarly();
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public boolean respond(Response response) {
        if (!outcome.complete(response)) {
            if (response.file() != null) {
                response.file().close();
            }
            return false;
        }
        closeCallbacks.completed();
        return true;
    }

    @Override
    public BodyWriter stream(int status, Headers headers) {
        throw new IllegalStateException("a WebSocket upgrade request is answered whole or upgraded, never streamed");
    }

    @Override
    public boolean upgrade(Headers headers, WebSocketHandler handler) {
        if (!outcome.complete(new Upgrade(headers, handler))) {
            throw new IllegalStateException("the exchange was already answered");
        }
        closeCallbacks.completed();
        return true;
    }

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public void onClose(Runnable callback) {
        closeCallbacks.add(callback, loop);
    }

    @Override
    public boolean isOpen() {
        return !outcome.isDone() && !closeCallbacks.ended();
    }
}
