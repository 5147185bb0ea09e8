package dev.lindy.test;

import dev.lindy.http.Headers;
import dev.lindy.test.internal.Call;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A response read piece by piece as it arrives: its head is here, its body may still be coming.
 */
public final class StreamingResponse {
    private final Call call;
    private final Call.Head head;
    private final Duration timeout;
    private boolean ended;

    StreamingResponse(Call call, Call.Head head, Duration timeout) {
        this.call = call;
        this.head = head;
        this.timeout = timeout;
    }

    /**
     * Returns the status code.
     *
     * @return the status
     */
    public int status() {
        return head.status();
    }

    /**
     * Returns the headers.
     *
     * @return the headers
     */
    public Headers headers() {
        return head.headers();
    }

    /**
     * Returns the first value of a header.
     *
     * @param name the header name, any case
     * @return the value, or null
     */
    public String header(String name) {
        return head.headers().get(name);
    }

    /**
     * Waits for the next piece of the body, as the host delivered it.
     *
     * @return the bytes, or null once the body has ended
     * @throws IOException if the connection failed, or nothing arrived within the client's timeout
     */
    public byte[] nextBytes() throws IOException {
        if (ended) {
            return null;
        }
        byte[] chunk;
        try {
            chunk = call.chunks.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the body", e);
        }
        if (chunk == null) {
            throw new IOException("no body arrived within " + timeout);
        }
        if (chunk == Call.END) {
            ended = true;
            if (call.error() != null) {
                throw call.errorAsIo();
            }
            return null;
        }
        return chunk;
    }

    /**
     * Waits for the next piece of the body, as UTF-8 text.
     *
     * @return the text, or null once the body has ended
     * @throws IOException if the connection failed or nothing arrived in time
     */
    public String next() throws IOException {
        byte[] b = nextBytes();
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Reads until the text seen so far contains a string, and returns that text.
     *
     * @param expected the text to wait for
     * @return everything read by this call
     * @throws IOException if the body ends or fails first
     */
    public String readUntil(String expected) throws IOException {
        StringBuilder seen = new StringBuilder();
        while (seen.indexOf(expected) < 0) {
            String piece = next();
            if (piece == null) {
                throw new IOException("the body ended before \"" + expected + "\"; read: " + seen);
            }
            seen.append(piece);
        }
        return seen.toString();
    }

    /** Closes the connection, as a client that goes away would. */
    public void disconnect() {
        call.disconnect();
    }
}
