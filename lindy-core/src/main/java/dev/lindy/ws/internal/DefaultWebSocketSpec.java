package dev.lindy.ws.internal;

import dev.lindy.ws.WebSocketSpec;
import java.util.Objects;

/** The handlers a WebSocket route's lambda set; read-only once the app serves. */
public final class DefaultWebSocketSpec implements WebSocketSpec {
    volatile OpenHandler open = socket -> { };
    volatile TextHandler text = (socket, message) -> { };
    volatile BinaryHandler binary;
    volatile CloseHandler close = (socket, code, reason) -> { };

    /** Creates a spec whose handlers do nothing. */
    public DefaultWebSocketSpec() {
    }

    @Override
    public WebSocketSpec onOpen(OpenHandler handler) {
        this.open = Objects.requireNonNull(handler, "handler");
        return this;
    }

    @Override
    public WebSocketSpec onMessage(TextHandler handler) {
        this.text = Objects.requireNonNull(handler, "handler");
        return this;
    }

    @Override
    public WebSocketSpec onBinary(BinaryHandler handler) {
        this.binary = Objects.requireNonNull(handler, "handler");
        return this;
    }

    @Override
    public WebSocketSpec onClose(CloseHandler handler) {
        this.close = Objects.requireNonNull(handler, "handler");
        return this;
    }
}
