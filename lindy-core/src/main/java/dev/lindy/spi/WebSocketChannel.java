package dev.lindy.spi;

import java.util.concurrent.CompletionStage;

/**
 * A WebSocket connection as the host keeps it, after the handshake; what Lindy writes to it. Every method is
 * safe from any thread. The host answers pings, enforces the frame and message limits, closes a silent
 * socket after the idle timeout, and closes one whose writes make no progress for the write timeout.
 */
public interface WebSocketChannel {
    /**
     * Sends a text message.
     *
     * @param text the text
     * @return completes on the socket's loop once the frame is flushed; fails if the socket is closed
     */
    CompletionStage<Void> sendText(String text);

    /**
     * Sends a binary message.
     *
     * @param data the bytes; the channel owns the array after the call
     * @return completes on the socket's loop once the frame is flushed; fails if the socket is closed
     */
    CompletionStage<Void> sendBinary(byte[] data);

    /**
     * Starts the closing handshake: sends a close frame, and closes the connection when the peer answers,
     * or after a short grace if it does not. Only the first call acts.
     *
     * @param code the close code
     * @param reason the reason, at most 123 bytes of UTF-8
     * @return completes when the close frame is flushed
     */
    CompletionStage<Void> close(int code, String reason);

    /**
     * Closes the connection at once, without a close frame.
     */
    void abort();

    /**
     * Returns the loop the socket's events and completions run on.
     *
     * @return the loop
     */
    Loop loop();

    /**
     * Tells whether messages can still be sent.
     *
     * @return true until a close frame was sent or the connection closed
     */
    boolean isOpen();
}
