package dev.lindy.internal;

import dev.lindy.Handler;
import dev.lindy.ws.internal.DefaultWebSocketSpec;

/** The handler of a WebSocket route: it upgrades the request's connection. */
public final class WebSocketRoutes {
    private WebSocketRoutes() {
    }

    /**
     * Returns the handler that upgrades requests to sockets running a spec's handlers.
     *
     * @param spec the route's handlers
     * @return the handler
     */
    public static Handler handler(DefaultWebSocketSpec spec) {
        return ctx -> {
            DefaultContext c = (DefaultContext) ctx;
            c.dispatcher().upgrade(c, spec);
            return null;
        };
    }
}
