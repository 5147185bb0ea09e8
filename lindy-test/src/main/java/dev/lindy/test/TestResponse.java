package dev.lindy.test;

import dev.lindy.http.Headers;
import java.nio.charset.StandardCharsets;

/**
 * A complete response as a test sees it: status, headers and body.
 */
public final class TestResponse {
    private final int status;
    private final Headers headers;
    private final byte[] body;

    TestResponse(int status, Headers headers, byte[] body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /**
     * Returns the status code.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * Returns the headers.
     *
     * @return the headers
     */
    public Headers headers() {
        return headers;
    }

    /**
     * Returns the first value of a header.
     *
     * @param name the header name, any case
     * @return the value, or null
     */
    public String header(String name) {
        return headers.get(name);
    }

    /**
     * Returns the body as UTF-8 text.
     *
     * @return the text
     */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Returns the body bytes.
     *
     * @return a copy of the body
     */
    public byte[] bytes() {
        return body.clone();
    }

    @Override
    public String toString() {
        return status + " " + headers + " " + text();
    }
}
