package dev.lindy.spi;

/**
 * Lindy's side of a WebSocket: the host hands it the socket's events, one at a time, in order, on the
 * socket's loop. {@link #opened} comes first and {@link #closed} last, exactly once each.
 */
public interface WebSocketHandler {
    /**
     * The handshake is done: the socket is open.
     *
     * @param channel the socket, to write to
     */
    void opened(WebSocketChannel channel);

    /**
     * A whole text message arrived (its fragments joined).
     *
     * @param text the text
     */
    void text(String text);

    /**
     * A whole binary message arrived (its fragments joined).
     *
     * @param data the bytes
     */
    void binary(byte[] data);

    /**
     * The socket closed: a closing handshake (either side's), a limit or protocol violation, an idle or
     * write timeout, or the connection dropping without a close frame (1006).
     *
     * @param code the close code
     * @param reason the reason, possibly empty
     */
    void closed(int code, String reason);
}
