package dev.lindy.servlet;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import org.junit.jupiter.api.Test;

/** A container without Jakarta WebSocket refuses, at start, an app with WebSocket routes. */
class WebSocketWithoutContainerSupportTest {
    @Test
    void anAppWithSocketsDoesNotStartWhereTheyCannotBeServed() {
        App app = Lindy.app();
        app.ws("/chat", ws -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> JettyHost.host(app, false));
        Throwable cause = e;
        while (cause.getCause() != null && !String.valueOf(cause.getMessage()).contains("WebSocket routes")) {
            cause = cause.getCause();
        }
        assertTrue(String.valueOf(cause.getMessage()).contains("the app has WebSocket routes, which this host cannot serve"),
                String.valueOf(cause.getMessage()));
    }

    @Test
    void anAppWithoutSocketsStartsThere() {
        App app = Lindy.app();
        app.get("/", ctx -> "fine");
        JettyHost.host(app, false).close();
    }
}
