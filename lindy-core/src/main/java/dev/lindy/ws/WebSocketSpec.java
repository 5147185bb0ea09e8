package dev.lindy.ws;

/**
 * What the lambda of {@code app.ws(path, ws -> ...)} receives: the handlers of every socket the route
 * accepts. Each handler runs on the socket's event loop and must not block; one that throws closes its
 * socket with 1011 (internal error), and is logged.
 *
 * <pre>{@code
 * app.ws("/echo", ws -> {
 *     ws.onOpen(socket -> socket.send("hello"));
 *     ws.onMessage((socket, text) -> socket.send(text));
 *     ws.onClose((socket, code, reason) -> System.out.println("closed " + code));
 * });
 * }</pre>
 */
public interface WebSocketSpec {
    /**
     * Sets what runs when a socket opens.
     *
     * @param handler the handler
     * @return this spec
     */
    WebSocketSpec onOpen(OpenHandler handler);

    /**
     * Sets what runs for each text message.
     *
     * @param handler the handler
     * @return this spec
     */
    WebSocketSpec onMessage(TextHandler handler);

    /**
     * Sets what runs for each binary message; without one, a binary message closes the socket with 1003.
     *
     * @param handler the handler
     * @return this spec
     */
    WebSocketSpec onBinary(BinaryHandler handler);

    /**
     * Sets what runs once when a socket has closed, however it closed.
     *
     * @param handler the handler
     * @return this spec
     */
    WebSocketSpec onClose(CloseHandler handler);

    /** Runs when a socket opens. */
    @FunctionalInterface
    interface OpenHandler {
        /**
         * Handles the opening.
         *
         * @param socket the socket
         * @throws Exception any failure, which closes the socket with 1011
         */
        void handle(WebSocket socket) throws Exception;
    }

    /** Runs for a text message. */
    @FunctionalInterface
    interface TextHandler {
        /**
         * Handles a message.
         *
         * @param socket the socket
         * @param text the message, its fragments joined
         * @throws Exception any failure, which closes the socket with 1011
         */
        void handle(WebSocket socket, String text) throws Exception;
    }

    /** Runs for a binary message. */
    @FunctionalInterface
    interface BinaryHandler {
        /**
         * Handles a message.
         *
         * @param socket the socket
         * @param data the message, its fragments joined
         * @throws Exception any failure, which closes the socket with 1011
         */
        void handle(WebSocket socket, byte[] data) throws Exception;
    }

    /** Runs when a socket has closed. */
    @FunctionalInterface
    interface CloseHandler {
        /**
         * Handles the close.
         *
         * @param socket the socket, no longer open
         * @param code the close code: the client's, the server's, or 1006 when the connection dropped
         *     without a close frame
         * @param reason the reason, possibly empty
         * @throws Exception any failure, which is logged
         */
        void handle(WebSocket socket, int code, String reason) throws Exception;
    }
}
